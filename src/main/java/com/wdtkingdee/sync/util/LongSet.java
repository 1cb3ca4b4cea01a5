package com.wdtkingdee.sync.util;

/**
 * A set of {@code long}s in one primitive array (open addressing, linear probing): about 11–21 bytes per element
 * (8 bytes per slot, between 3/8 and 3/4 full), against about 50 for a {@code HashSet<Long>}. Not thread-safe.
 */
public final class LongSet {

    private static final int MIN_CAPACITY = 16;

    /** 0 marks a free slot; the element 0 itself is {@link #hasZero}. */
    private long[] slots = new long[MIN_CAPACITY];
    private int size;
    private boolean hasZero;

    /** @return true when {@code v} was not in the set yet */
    public boolean add(long v) {
        if (v == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        int mask = slots.length - 1;
        int i = index(v, mask);
        while (slots[i] != 0) {
            if (slots[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = v;
        size++;
        if (size * 4L >= slots.length * 3L) {
            grow();
        }
        return true;
    }

    public boolean contains(long v) {
        if (v == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = index(v, mask); slots[i] != 0; i = (i + 1) & mask) {
            if (slots[i] == v) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    /** Forgets every element and returns the table to its initial size. */
    public void clear() {
        slots = new long[MIN_CAPACITY];
        size = 0;
        hasZero = false;
    }

    /** Bytes held by the table. */
    public long approximateBytes() {
        return 16L + 8L * slots.length;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long v : old) {
            if (v != 0) {
                int i = index(v, mask);
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = v;
            }
        }
    }

    /** Spreads consecutive values over the table (the finaliser of MurmurHash3's 64-bit hash). */
    private static int index(long v, int mask) {
        long h = v;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
