package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.flow.DeadLetterReplayer.ReplayReport;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * What the replays of one retry did, summed: the value, and (bean {@code consoleRetryTally}) the split's
 * aggregation strategy that adds each {@link ReplayReport} from {@code direct:replay} to it. A failed replay's
 * exception is kept, so the request fails (500) as it did before the sum.
 */
public record RetryTally(int selected, int resolved, int stillOpen, int skipped) {

    public static final RetryTally NONE = new RetryTally(0, 0, 0, 0);

    RetryTally plus(ReplayReport r) {
        if (r == null) {
            return this;
        }
        return new RetryTally(selected + r.selected(), resolved + r.resolved(), stillOpen + r.stillOpen(),
                skipped + (r.skipped() ? 1 : 0));
    }

    /** The split's aggregation strategy (stateless: the sum travels in the aggregated body). */
    public static final class Sum implements AggregationStrategy {

        @Override
        public Exchange aggregate(Exchange sum, Exchange replay) {
            RetryTally so = sum == null ? NONE : sum.getMessage().getBody(RetryTally.class);
            Exchange result = sum == null ? replay : sum;
            result.getMessage().setBody((so == null ? NONE : so).plus(replay.getMessage().getBody(ReplayReport.class)));
            if (replay.getException() != null) {
                result.setException(replay.getException());
            }
            return result;
        }
    }
}
