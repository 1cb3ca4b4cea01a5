package com.wdtkingdee.sync.kingdee;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place that decides, from the Kingdee WebAPI protocol, whether a failed call or a failed BatchSave row
 * is worth retrying. Inputs are what the protocol gives: the {@code MsgCode} of {@code Result.ResponseStatus}
 * (may be absent), the {@code Errors[].Message} texts of the row (or of the call), and the HTTP status (may be
 * absent); {@link #classify(Throwable)} handles calls that produced no answer at all.
 *
 * <p>References are to {@code reference/kingdee-webapi.md} (section numbers) with its confidence tags:
 * [C] confirmed by a public source, [I] inferred; "issue 10" marks texts that the issue (chaos runs against the
 * simulator of both ERPs) adds to the reference.
 *
 * <h2>Rules, in this order (the first that matches decides)</h2>
 * <ol>
 *   <li><b>{@link Outcome#SESSION_LOST}</b>: {@code MsgCode == 1} (上下文丢失, {@code 会话信息已丢失，请重新登录}).
 *       Detected by the code, not the text, which is not localised (§2a "Expired or invalid session", §4a MsgCode
 *       table, §7.4, §8.5 [C]). The server did not execute the call: log in again, then look the records up before
 *       re-sending (§7.3).</li>
 *   <li><b>Transport</b>: an HTTP status other than 2xx. Business errors are HTTP 200 (§1, §4d [C]), so a non-2xx
 *       status is the web server or a gateway speaking: 5xx, 408 and 429 → {@link Outcome#TRANSIENT} (§4d: the
 *       SDKs raise on non-200 [C]; issue 10 "HTTP 5xx → transient"), except the body {@code Fail to verify thirty
 *       passport} (wrong AcctID in signed mode, answered with a non-200 status, §2a [C EXP]) →
 *       {@link Outcome#PERMANENT}; any other status (3xx, 4xx: wrong URL, proxy refusing) →
 *       {@link Outcome#PERMANENT}.</li>
 *   <li><b>{@link Outcome#DUPLICATE}</b>: the number already exists: {@code 违反字段唯一性要求：编码唯一。[X]在当前系统中已经被使用。}
 *       (MsgCode 11, §4a "Real messages", §8.4 [C RESP]; "Match on {@code 违反字段唯一性要求} / {@code 已经被使用}"),
 *       or a text with {@code 已存在} / {@code 重复} (issue 10). Whatever the MsgCode: in a mixed batch the
 *       {@code MsgCode} is the batch's, the text is the row's (§4a "Per-record outcome"). The caller confirms by
 *       ExecuteBillQuery before treating the record as existing (design §3).</li>
 *   <li><b>{@link Outcome#TRANSIENT} by text</b>: a lock, conflict, try-later, busy, timeout or deadlock text:
 *       {@code 锁定}, {@code 冲突}, {@code 请稍后}, {@code 请稍候}, {@code 稍后再试}, {@code 繁忙}, {@code 超时},
 *       {@code 死锁}, {@code deadlock}, {@code 请重新运行该事务}. Sources: {@code …业务操作-"[…-修改]"冲突，请稍候再使用。}
 *       "a retry after a few seconds succeeded" (§4a [C public client], §7.14); the others from issue 10: the
 *       simulator's {@code …锁定，请稍后重试} rows, and the database deadlock victim that Kingdee passes through
 *       (SQL Server's {@code …被选作死锁牺牲品。请重新运行该事务。}, usually under MsgCode 6 数据库操作失败, §4a table).
 *       English equivalents ({@code timeout}, {@code timed out}, {@code try again later}) for lcid 1033 [I].</li>
 *   <li><b>{@link Outcome#TRANSIENT} by code</b>: {@code MsgCode 13} (网控冲突, network-control lock: retry after 5–10 s)
 *       and {@code MsgCode 14} (调用限制, call limit) (§4a MsgCode table [C DOC], "What the integration needs",
 *       §6). {@code MsgCode 6} (数据库操作失败) is transient only with a deadlock text, i.e. by the rule above; a
 *       plain database failure (e.g. a constraint) is not retried blindly.</li>
 *   <li><b>{@link Outcome#PERMANENT}</b>: everything else, in particular MsgCode 11 without a duplicate text
 *       ({@code 单据…已经审核！}, field validation), MsgCode 9 unknown field / base data not found
 *       ({@code 元数据中标识为 F… 的字段不存在}, §4a, §8.6 [C EXP]; the exact base-data text is [?]), MsgCode 4, 8, 2, 7,
 *       missing required fields ({@code 字段[客户]是必录字段}, §4a [I]), over-long values, an absent code with an
 *       unknown text. Retrying would give the same answer; a person has to look.</li>
 * </ol>
 *
 * <p>Texts embed user data (an invoice title such as {@code 超时代科技有限公司} contains {@code 超时}). Kingdee quotes
 * such values in {@code [...]} or quotation marks ({@code [test5]在当前系统中已经被使用}, {@code 字段[客户]是必录字段},
 * {@code 单据编号为"TK…"}, §4a), so quoted parts are removed before the words are matched.
 *
 * <p>Pure Java, no Camel, no HTTP client: usable from the writer, the replayer and the start-up check alike.
 */
public final class KingdeeErrorClassifier {

    /** What to do with a failure. */
    public enum Outcome {
        /** A later retry of the same record or call may succeed: retry with backoff, never park at first sight. */
        TRANSIENT,
        /** The same request gets the same answer: park it for a person. */
        PERMANENT,
        /** The number already exists in Kingdee: confirm by ExecuteBillQuery and record it as existing. */
        DUPLICATE,
        /** MsgCode 1: the session is lost and the call was not executed: log in again, query, re-send the missing. */
        SESSION_LOST
    }

    /** MsgCode 1: 上下文丢失 (§4a). */
    public static final int MSG_SESSION_LOST = 1;
    /** MsgCode 6: 数据库操作失败 (§4a). */
    public static final int MSG_DATABASE = 6;
    /** MsgCode 11: 验证失败, including the duplicate number (§4a). */
    public static final int MSG_VALIDATION = 11;
    /** MsgCode 13: 网控冲突 (§4a). */
    public static final int MSG_NETWORK_CONTROL = 13;
    /** MsgCode 14: 调用限制 (§4a). */
    public static final int MSG_CALL_LIMIT = 14;

    /** Duplicate-number texts: §4a [C RESP] and issue 10. */
    static final List<String> DUPLICATE_WORDS = List.of("违反字段唯一性", "已经被使用", "已存在", "重复");
    /** Lock / conflict / try-later / busy / timeout / deadlock texts: §4a, §7.14 and issue 10. */
    static final List<String> TRANSIENT_WORDS = List.of("锁定", "冲突", "请稍后", "请稍候", "稍后再试", "繁忙", "超时",
            "死锁", "请重新运行该事务", "deadlock", "timeout", "timed out", "try again later");
    /** Wrong AcctID in signed mode, answered with a non-200 status (§2a [C EXP]). */
    static final String WRONG_ACCT_ID = "fail to verify thirty passport";

    /** Values Kingdee quotes inside a message: [..], 【..】, "..", “..”, 「..」. */
    private static final Pattern QUOTED = Pattern.compile("\\[[^\\]]*]|【[^】]*】|\"[^\"]*\"|“[^”]*”|「[^」]*」");

    private KingdeeErrorClassifier() {
    }

    /**
     * Classifies a business answer or a row of it.
     *
     * @param msgCode    {@code MsgCode}; {@code null} or negative when the answer carried none
     * @param messages   the {@code Errors[].Message} texts of the row (or of the call); may be null or empty
     * @param httpStatus HTTP status; {@code null} or negative when unknown
     */
    public static Outcome classify(Integer msgCode, Collection<String> messages, Integer httpStatus) {
        int code = msgCode == null || msgCode < 0 ? -1 : msgCode;
        int status = httpStatus == null || httpStatus < 0 ? -1 : httpStatus;
        List<String> texts = normalised(messages);
        if (code == MSG_SESSION_LOST) {
            return Outcome.SESSION_LOST;
        }
        if (status >= 0 && (status < 200 || status > 299)) {
            if (containsAny(rawLower(messages), List.of(WRONG_ACCT_ID))) {
                return Outcome.PERMANENT;
            }
            return transientStatus(status) ? Outcome.TRANSIENT : Outcome.PERMANENT;
        }
        if (containsAny(texts, DUPLICATE_WORDS)) {
            return Outcome.DUPLICATE;
        }
        if (containsAny(texts, TRANSIENT_WORDS)) {
            return Outcome.TRANSIENT;
        }
        if (code == MSG_NETWORK_CONTROL || code == MSG_CALL_LIMIT) {
            return Outcome.TRANSIENT;
        }
        return Outcome.PERMANENT;
    }

    /** {@link #classify(Integer, Collection, Integer)} with one message text (may be null). */
    public static Outcome classify(Integer msgCode, String message, Integer httpStatus) {
        List<String> one = new ArrayList<>(1);
        one.add(message);
        return classify(msgCode, one, httpStatus);
    }

    /** Whether a non-2xx HTTP status is transient: 5xx, 408 (request timeout), 429 (too many requests). */
    public static boolean transientStatus(int httpStatus) {
        return httpStatus >= 500 && httpStatus <= 599 || httpStatus == 408 || httpStatus == 429;
    }

    /**
     * Classifies a call that failed with an exception instead of an answer, following the cause chain:
     * <ul>
     *   <li>a {@link KingdeeApiException} that carries a MsgCode or an HTTP status → {@link #classify(Integer,
     *       Collection, Integer)} of its code, messages and status;</li>
     *   <li>timeouts ({@code SocketTimeoutException}, {@code HttpTimeoutException}, {@code TimeoutException}, any
     *       exception type named {@code …Timeout…} or {@code …TimedOut…}) → {@link Outcome#TRANSIENT};</li>
     *   <li>a body that is not the JSON it should be (Jackson's {@code JsonProcessingException}, an IOException) and
     *       every other {@link IOException} or {@link UncheckedIOException} (refused or dropped connection,
     *       truncated answer) → {@link Outcome#TRANSIENT} (§4d: the SDKs raise on transport errors; the outcome of a
     *       write is then unknown, §7.3: query before re-sending);</li>
     *   <li>a {@link KingdeeApiException} without code or status: its own {@code retryable()} flag;</li>
     *   <li>anything else (a bug, a configuration error) → {@link Outcome#PERMANENT}.</li>
     * </ul>
     */
    public static Outcome classify(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        KingdeeApiException bare = null;
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof KingdeeApiException k) {
                if (k.sessionLost()) {
                    return Outcome.SESSION_LOST;
                }
                if (k.retryable()) {
                    return Outcome.TRANSIENT;   // the parser already knows: 5xx, response_error pages, empty bodies
                }
                if (k.msgCode() >= 0 || k.httpStatus() >= 0) {
                    return classify(k.msgCode(), k.messages(), k.httpStatus());
                }
                if (bare == null) {
                    bare = k;
                }
                continue;
            }
            if (isTimeout(t) || t instanceof IOException || t instanceof UncheckedIOException) {
                return Outcome.TRANSIENT;
            }
        }
        if (bare != null) {
            return bare.retryable() ? Outcome.TRANSIENT : Outcome.PERMANENT;
        }
        return Outcome.PERMANENT;
    }

    /**
     * Whether a call got no usable answer from Kingdee — what the circuit breaker around the Kingdee calls
     * ({@code kingdee.circuit.*}) counts as a failure: a transport failure or timeout (refused or dropped connection,
     * no answer in time), an HTTP 5xx, 408 or 429, or a body that is not a readable answer (empty, HTML,
     * {@code response_error:}, not JSON), at any depth of the cause chain. Everything the server said in its own
     * words is not: a MsgCode answer (MsgCode 1 included: the session is renewed, the server is up), a refused
     * login, a signed-headers refusal, a 3xx/4xx status, per-row errors of a BatchSave (they never throw), and any
     * other exception (a bug is not an outage). A call the breaker refused ({@link KingdeeUnavailableException}) is
     * not a call and does not count either.
     */
    public static boolean noAnswer(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof KingdeeUnavailableException) {
                return false;
            }
            if (t instanceof KingdeeApiException k) {
                if (k.msgCode() >= 0 || k instanceof KingdeeLoginException) {
                    return false;
                }
                int status = k.httpStatus();
                if (status >= 0 && (status < 200 || status > 299)) {
                    return transientStatus(status);
                }
                if (k.retryable()) {
                    return true;   // no status (network) or a 2xx whose body was empty, HTML or response_error
                }
                continue;          // a wrapper without code and status: its cause decides
            }
            if (isTimeout(t) || t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable t) {
        if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                || t instanceof java.net.http.HttpTimeoutException) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            String n = c.getSimpleName().toLowerCase(Locale.ROOT);
            if (n.contains("timeout") || n.contains("timedout")) {
                return true;
            }
        }
        return false;
    }

    /** Messages lower-cased, with the values Kingdee quotes removed. */
    private static List<String> normalised(Collection<String> messages) {
        List<String> out = new ArrayList<>();
        if (messages != null) {
            for (String m : messages) {
                if (m != null && !m.isBlank()) {
                    out.add(QUOTED.matcher(m).replaceAll(" ").toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static List<String> rawLower(Collection<String> messages) {
        List<String> out = new ArrayList<>();
        if (messages != null) {
            messages.stream().filter(m -> m != null).forEach(m -> out.add(m.toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static boolean containsAny(List<String> texts, List<String> words) {
        for (String t : texts) {
            for (String w : words) {
                if (t.contains(w)) {
                    return true;
                }
            }
        }
        return false;
    }
}
