package com.wdtkingdee.sync.kingdee;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builders for ExecuteBillQuery {@code FilterString} expressions (SQL-like text). String literals are single-quoted
 * with embedded quotes doubled, so values can never break out of the literal.
 */
public final class KingdeeFilters {

    private KingdeeFilters() {
    }

    /**
     * {@code FNumber IN ('A','B') AND FUseOrgId.FNumber='X'}: the rows of the given numbers in one use-organisation
     * (a multi-org customer has one row per use-organisation). Duplicate numbers are sent once, in first-seen order.
     *
     * @throws IllegalArgumentException if {@code numbers} is null/empty or holds a null/blank number, or
     *                                  {@code useOrg} is null/blank
     */
    public static String numbersInOrg(Collection<String> numbers, String useOrg) {
        if (numbers == null || numbers.isEmpty()) {
            throw new IllegalArgumentException("numbers must not be empty");
        }
        if (useOrg == null || useOrg.isBlank()) {
            throw new IllegalArgumentException("useOrg must not be blank");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String n : numbers) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("numbers must not contain null or blank values");
            }
            distinct.add(n);
        }
        String in = distinct.stream().map(KingdeeFilters::literal).collect(Collectors.joining(","));
        return "FNumber IN (" + in + ") AND FUseOrgId.FNumber=" + literal(useOrg);
    }

    /** A single-quoted string literal with {@code '} doubled. */
    public static String literal(String value) {
        Objects.requireNonNull(value, "value");
        return "'" + value.replace("'", "''") + "'";
    }
}
