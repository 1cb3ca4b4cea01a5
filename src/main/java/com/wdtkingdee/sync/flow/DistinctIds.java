package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.util.LongSet;

import java.util.HashSet;
import java.util.Set;

/**
 * The distinct stockout ids of one pass over a window, for the {@code total_count} check: exact, and compact for the
 * ids the source actually sends.
 *
 * <p><b>Representation.</b> 旺店通 sends {@code stockout_id} as a number (reference: "Y ids are 19-digit bigints"),
 * which the parser keeps as its decimal text. An id whose text is the <em>canonical</em> decimal form of a
 * {@code long} (optional {@code -}, no leading zeros, no {@code +}, no {@code -0}, within range) is stored as that
 * {@code long} in an open-addressing hash set of primitives; canonical text and {@code long} map one to one, so
 * {@code "123"} and {@code "0123"} stay two ids, exactly as two strings would. Any other id (text, a value beyond
 * the {@code long} range, a non-canonical form) is kept as the string itself in a {@link HashSet}. The count is
 * therefore exactly the number of distinct id strings; nothing is hashed down, so there are no collisions.
 *
 * <p><b>Why not a 64-bit hash of every id.</b> It would be compact for any id, but a collision counts two orders as
 * one. The check then sees one order fewer than {@code total_count}, reads the window again (it fails safe: nothing
 * is skipped), and since the same two ids collide on every pass it finally fails the window after
 * {@code wdt.rereads} passes. The chance is small (about n²/2⁶⁵, 3·10⁻⁸ for a million ids) but the exact form costs
 * nothing more for numeric ids, so the hash is kept out.
 *
 * <p><b>Memory.</b> 8 bytes per slot, at most 3/4 full after growth and at least 3/8 (capacity doubles at 3/4):
 * about 11–21 B per numeric id, e.g. 16 MB for one million ids (2²¹ slots), plus the old table while growing
 * (24 MB peak at that step). A {@code HashSet<String>} of 7–19-digit ids takes about 80–100 B per id (node 32 B,
 * String 24 B, byte[] 24–40 B, table slot 4–8 B): about 90 MB for a million. Non-numeric ids still cost that.
 *
 * <p>Not thread-safe: {@link WindowState} calls it under its own lock.
 */
public final class DistinctIds {

    /** The canonical decimal ids, as longs. */
    private final LongSet longs = new LongSet();
    private final Set<String> others = new HashSet<>();

    /**
     * Adds an id.
     *
     * @return true when it was not there yet
     */
    public boolean add(String id) {
        String s = id == null ? "" : id;
        return canonical(s) ? longs.add(parsed) : others.add(s);
    }

    /** Distinct ids added since the last {@link #clear}. */
    public int size() {
        return longs.size() + others.size();
    }

    /** Forgets every id and returns the table to its initial size. */
    public void clear() {
        longs.clear();
        others.clear();
    }

    /** Bytes held by the tables (the primitive table exactly, the fallback set estimated at 90 B per id). */
    long approximateBytes() {
        return longs.approximateBytes() + 90L * others.size();
    }

    /** The value of the last {@link #canonical} call that returned true. */
    private long parsed;

    long canonicalValueForTest() {
        return parsed;
    }

    /**
     * Whether {@code s} is exactly {@link Long#toString} of some long; that long is then left in {@link #parsed}.
     * The digits are accumulated negatively against a limit, as {@link Long#parseLong} does, so the range check is
     * exact at both ends.
     */
    boolean canonical(String s) {
        int n = s.length();
        boolean negative = n > 0 && s.charAt(0) == '-';
        int start = negative ? 1 : 0;
        int digits = n - start;
        if (digits < 1 || digits > 19) {
            return false;
        }
        if (s.charAt(start) == '0' && (digits > 1 || negative)) {
            return false;   // a leading zero, or "-0"
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multMin = limit / 10;
        long v = 0;
        for (int i = start; i < n; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9 || v < multMin) {
                return false;
            }
            v *= 10;
            if (v < limit + d) {
                return false;
            }
            v -= d;
        }
        parsed = negative ? v : -v;
        return true;
    }
}
