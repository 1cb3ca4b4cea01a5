package com.wdtkingdee.sync.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The ExecuteBillQuery {@code FilterString}: the SQL {@code WHERE} dialect real clients send (reference §3.3),
 * evaluated over the simulator's rows with SQL's three-valued logic.
 *
 * <pre>
 * filter     := or
 * or         := and ( OR and )*
 * and        := not ( AND not )*
 * not        := NOT not | '(' or ')' | condition
 * condition  := field op value
 *             | field [NOT] IN '(' value ( ',' value )* ')'
 *             | field [NOT] LIKE string            -- % any run, _ one character, [abc] / [^abc] a class
 *             | field [NOT] BETWEEN value AND value
 *             | field IS [NOT] NULL
 * op         := '=' | '&lt;&gt;' | '!=' | '&gt;' | '&lt;' | '&gt;=' | '&lt;='
 * value      := 'text' (a '' inside is one quote; N'text' too) | number | NULL
 * </pre>
 *
 * Keywords in any case. A number compared with a numeric value (or a value that reads as a number) compares
 * numerically; anything else compares as text, case-sensitively (a real server's collation is usually
 * case-insensitive, Chinese_PRC_CI_AS: [?], the simulator is strict). A comparison with a NULL value is unknown,
 * and a row is kept only when the whole filter is true, as in SQL. A syntax error is MsgCode 4
 * ({@code GetRealExpress error…}), an unknown field MsgCode 9.
 */
final class BillQueryFilter {

    /** A rejected filter: {@code msgCode} 4 (syntax) or 9 (unknown field). */
    static final class FilterException extends Exception {
        private final int msgCode;

        FilterException(int msgCode, String message) {
            super(message, null, false, false);
            this.msgCode = msgCode;
        }

        int msgCode() {
            return msgCode;
        }
    }

    /** A condition in three-valued logic: TRUE, FALSE or null (unknown). */
    @FunctionalInterface
    private interface Cond {
        Boolean eval(Map<String, Object> row);
    }

    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "LIKE", "IS", "NULL", "BETWEEN");

    private final String source;
    private final List<Token> tokens;
    private final Function<String, Optional<String>> fields;
    private int pos;

    private BillQueryFilter(String source, List<Token> tokens, Function<String, Optional<String>> fields) {
        this.source = source;
        this.tokens = tokens;
        this.fields = fields;
    }

    /**
     * Parses {@code filter} into a predicate over rows keyed by canonical field key (true only where the filter is
     * TRUE).
     *
     * @param fields resolves a field key as written (any case) to its canonical key, empty when unknown
     */
    static Predicate<Map<String, Object>> parse(String filter, Function<String, Optional<String>> fields)
            throws FilterException {
        if (filter == null || filter.isBlank()) {
            return row -> true;
        }
        BillQueryFilter p = new BillQueryFilter(filter, tokenize(filter), fields);
        Cond result = p.or();
        if (p.pos != p.tokens.size()) {
            throw p.syntax();
        }
        return row -> Boolean.TRUE.equals(result.eval(row));
    }

    // ---------------------------------------------------------------- grammar

    private Cond or() throws FilterException {
        Cond left = and();
        while (peekWord("OR")) {
            pos++;
            Cond a = left;
            Cond b = and();
            left = row -> or(a.eval(row), b.eval(row));
        }
        return left;
    }

    private Cond and() throws FilterException {
        Cond left = not();
        while (peekWord("AND")) {
            pos++;
            Cond a = left;
            Cond b = not();
            left = row -> and(a.eval(row), b.eval(row));
        }
        return left;
    }

    private Cond not() throws FilterException {
        if (peekWord("NOT")) {
            pos++;
            Cond inner = not();
            return row -> negate(inner.eval(row));
        }
        if (peek(Kind.LPAREN)) {
            pos++;
            Cond inner = or();
            expect(Kind.RPAREN);
            return inner;
        }
        return condition();
    }

    private Cond condition() throws FilterException {
        Token field = expect(Kind.WORD);
        if (KEYWORDS.contains(field.text.toUpperCase(Locale.ROOT))) {
            pos--;
            throw syntax();
        }
        String key = fields.apply(field.text).orElseThrow(
                () -> new FilterException(9, "元数据中标识为" + field.text + "的字段不存在"));
        if (peek(Kind.OP)) {
            String op = tokens.get(pos++).text;
            Value v = value();
            return row -> compare(row.get(key), op, v);
        }
        if (peekWord("IS")) {
            pos++;
            boolean negated = acceptWord("NOT");
            expectWord("NULL");
            return row -> (row.get(key) == null) != negated;
        }
        boolean negated = acceptWord("NOT");
        Cond c;
        if (acceptWord("IN")) {
            expect(Kind.LPAREN);
            List<Value> values = new ArrayList<>();
            values.add(value());
            while (peek(Kind.COMMA)) {
                pos++;
                values.add(value());
            }
            expect(Kind.RPAREN);
            c = row -> {
                Boolean any = Boolean.FALSE;
                for (Value v : values) {
                    any = or(any, compare(row.get(key), "=", v));
                }
                return any;
            };
        } else if (acceptWord("LIKE")) {
            Token pattern = expect(Kind.STRING);
            Pattern regex = likePattern(pattern.text);
            c = row -> {
                Object v = row.get(key);
                return v == null ? null : regex.matcher(text(v)).matches();
            };
        } else if (acceptWord("BETWEEN")) {
            Value low = value();
            expectWord("AND");
            Value high = value();
            c = row -> and(compare(row.get(key), ">=", low), compare(row.get(key), "<=", high));
        } else {
            throw syntax();
        }
        return negated ? row -> negate(c.eval(row)) : c;
    }

    /** A literal: text, a number, or NULL ({@code text} null). */
    private record Value(String text, boolean number) {
    }

    private Value value() throws FilterException {
        if (peek(Kind.STRING)) {
            return new Value(tokens.get(pos++).text, false);
        }
        if (peek(Kind.NUMBER)) {
            return new Value(tokens.get(pos++).text, true);
        }
        if (acceptWord("NULL")) {
            return new Value(null, false);
        }
        throw syntax();
    }

    // ---------------------------------------------------------------- evaluation

    private static Boolean compare(Object actual, String op, Value v) {
        if (actual == null || v.text() == null) {
            return null;
        }
        int c;
        BigDecimal a = number(actual);
        BigDecimal b = v.number() || actual instanceof Number ? number(v.text()) : null;
        if (a != null && b != null && (v.number() || actual instanceof Number)) {
            c = a.compareTo(b);
        } else {
            c = text(actual).compareTo(v.text());
        }
        return switch (op) {
            case "=" -> c == 0;
            case "<>", "!=" -> c != 0;
            case ">" -> c > 0;
            case "<" -> c < 0;
            case ">=" -> c >= 0;
            case "<=" -> c <= 0;
            default -> throw new IllegalStateException(op);
        };
    }

    private static BigDecimal number(Object v) {
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        try {
            return new BigDecimal(text(v).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    private static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    private static Boolean negate(Boolean a) {
        return a == null ? null : !a;
    }

    /** SQL Server LIKE: {@code %}, {@code _}, {@code [abc]}, {@code [a-c]}, {@code [^abc]}; the rest literal. */
    static Pattern likePattern(String like) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else if (c == '[' && like.indexOf(']', i + 2) > 0) {
                int end = like.indexOf(']', i + 2);
                String body = like.substring(i + 1, end);
                StringBuilder cls = new StringBuilder("[");
                int j = 0;
                if (body.startsWith("^")) {
                    cls.append('^');
                    j = 1;
                }
                for (; j < body.length(); j++) {
                    char d = body.charAt(j);
                    if (d == '-' && j > 0 && j < body.length() - 1) {
                        cls.append('-');
                    } else {
                        if ("\\[]^&-".indexOf(d) >= 0) {
                            cls.append('\\');
                        }
                        cls.append(d);
                    }
                }
                re.append(cls).append(']');
                i = end;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    // ---------------------------------------------------------------- tokens

    private boolean acceptWord(String word) {
        if (peekWord(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectWord(String word) throws FilterException {
        if (!acceptWord(word)) {
            throw syntax();
        }
    }

    private Token expect(Kind kind) throws FilterException {
        if (!peek(kind)) {
            throw syntax();
        }
        return tokens.get(pos++);
    }

    private boolean peek(Kind kind) {
        return pos < tokens.size() && tokens.get(pos).kind == kind;
    }

    private boolean peekWord(String word) {
        return peek(Kind.WORD) && tokens.get(pos).text.equalsIgnoreCase(word);
    }

    private FilterException syntax() {
        String near = pos < tokens.size() ? tokens.get(pos).text : "<end>";
        return new FilterException(4, "GetRealExpress error: 过滤条件语法错误或不受支持，位置: " + near
                + "（" + source + "）");
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    private enum Kind { WORD, STRING, NUMBER, OP, LPAREN, RPAREN, COMMA }

    private record Token(Kind kind, String text) {
    }

    private static List<Token> tokenize(String s) throws FilterException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || ((c == 'N' || c == 'n') && i + 1 < s.length() && s.charAt(i + 1) == '\'')) {
                StringBuilder sb = new StringBuilder();
                i += c == '\'' ? 1 : 2;
                while (true) {
                    if (i >= s.length()) {
                        throw new FilterException(4, "GetRealExpress error: 字符串未结束: " + s);
                    }
                    char d = s.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                            sb.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                out.add(new Token(Kind.STRING, sb.toString()));
            } else if (c == '=') {
                out.add(new Token(Kind.OP, "="));
                i++;
            } else if (c == '<' || c == '>' || c == '!') {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (two.equals("<>") || two.equals("<=") || two.equals(">=") || two.equals("!=")) {
                    out.add(new Token(Kind.OP, two));
                    i += 2;
                } else if (c != '!') {
                    out.add(new Token(Kind.OP, String.valueOf(c)));
                    i++;
                } else {
                    throw new FilterException(4, "GetRealExpress error: 不支持的字符 '!'，位置 " + i);
                }
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "("));
                i++;
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")"));
                i++;
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ","));
                i++;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int j = i + 1;
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                        || s.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(Kind.WORD, s.substring(i, j)));
                i = j;
            } else {
                throw new FilterException(4, "GetRealExpress error: 不支持的字符 '" + c + "'，位置 " + i);
            }
        }
        return out;
    }
}
