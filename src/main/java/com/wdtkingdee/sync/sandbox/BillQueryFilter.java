package com.wdtkingdee.sync.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The subset of the ExecuteBillQuery {@code FilterString} the simulator understands: conjunctions ({@code AND},
 * any case, optional parentheses) of {@code Field = 'v'}, {@code Field <> 'v'} and
 * {@code Field IN ('a','b')}, with SQL string literals ({@code ''} escapes a quote) or plain numbers. Anything else
 * is rejected as the server does with MsgCode 4; an unknown field with MsgCode 9.
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

    private final List<Token> tokens;
    private final Function<String, Optional<String>> fields;
    private int pos;

    private BillQueryFilter(List<Token> tokens, Function<String, Optional<String>> fields) {
        this.tokens = tokens;
        this.fields = fields;
    }

    /**
     * Parses {@code filter} into a predicate over rows keyed by canonical field key.
     *
     * @param fields resolves a field key as written (any case) to its canonical key, empty when unknown
     */
    static Predicate<Map<String, Object>> parse(String filter, Function<String, Optional<String>> fields)
            throws FilterException {
        if (filter == null || filter.isBlank()) {
            return row -> true;
        }
        BillQueryFilter p = new BillQueryFilter(tokenize(filter), fields);
        Predicate<Map<String, Object>> result = p.conjunction();
        if (p.pos != p.tokens.size()) {
            throw p.syntax(filter);
        }
        return result;
    }

    private Predicate<Map<String, Object>> conjunction() throws FilterException {
        Predicate<Map<String, Object>> result = condition();
        while (peekWord("AND")) {
            pos++;
            result = result.and(condition());
        }
        return result;
    }

    private Predicate<Map<String, Object>> condition() throws FilterException {
        if (peek(Kind.LPAREN)) {
            pos++;
            Predicate<Map<String, Object>> inner = conjunction();
            expect(Kind.RPAREN);
            return inner;
        }
        Token field = expect(Kind.WORD);
        String key = fields.apply(field.text).orElseThrow(
                () -> new FilterException(9, "元数据中标识为" + field.text + "的字段不存在"));
        if (peek(Kind.EQ) || peek(Kind.NE)) {
            boolean negate = tokens.get(pos++).kind == Kind.NE;
            String value = literal();
            Predicate<Map<String, Object>> eq = row -> value.equals(text(row.get(key)));
            return negate ? eq.negate() : eq;
        }
        if (peekWord("IN")) {
            pos++;
            expect(Kind.LPAREN);
            List<String> values = new ArrayList<>();
            values.add(literal());
            while (peek(Kind.COMMA)) {
                pos++;
                values.add(literal());
            }
            expect(Kind.RPAREN);
            return row -> values.contains(text(row.get(key)));
        }
        throw syntax(field.text);
    }

    private String literal() throws FilterException {
        if (peek(Kind.STRING) || peek(Kind.NUMBER)) {
            return tokens.get(pos++).text;
        }
        throw syntax(pos < tokens.size() ? tokens.get(pos).text : "<end>");
    }

    private Token expect(Kind kind) throws FilterException {
        if (!peek(kind)) {
            throw syntax(pos < tokens.size() ? tokens.get(pos).text : "<end>");
        }
        return tokens.get(pos++);
    }

    private boolean peek(Kind kind) {
        return pos < tokens.size() && tokens.get(pos).kind == kind;
    }

    private boolean peekWord(String word) {
        return peek(Kind.WORD) && tokens.get(pos).text.equalsIgnoreCase(word);
    }

    private FilterException syntax(String near) {
        return new FilterException(4, "GetRealExpress error: 过滤条件语法错误或不受支持，位置: " + near);
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    private enum Kind { WORD, STRING, NUMBER, EQ, NE, LPAREN, RPAREN, COMMA }

    private record Token(Kind kind, String text) {
    }

    private static List<Token> tokenize(String s) throws FilterException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                i++;
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
                out.add(new Token(Kind.EQ, "="));
                i++;
            } else if (c == '<' && i + 1 < s.length() && s.charAt(i + 1) == '>') {
                out.add(new Token(Kind.NE, "<>"));
                i += 2;
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
