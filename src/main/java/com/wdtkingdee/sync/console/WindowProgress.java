package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.flow.WindowState;
import com.wdtkingdee.sync.state.RunProgress;
import com.wdtkingdee.sync.state.WindowCounts;
import org.apache.camel.Exchange;

/**
 * Route step of the window loop (after each page's orders): writes the running window's counts so far and the
 * number of pages expected, so the console shows "page N of M" while the window runs.
 */
public final class WindowProgress {

    private final RunProgress progress;
    private final int pageSize;

    public WindowProgress(RunProgress progress, int pageSize) {
        this.progress = progress;
        this.pageSize = pageSize;
    }

    public void update(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w == null) {
            return;
        }
        WindowCounts counts = w.counts();
        progress.update(w.runId(), counts, pagesTotal(w.totalCount(), pageSize));
    }

    /** Pages the window needs for {@code totalCount} orders (at least 1); null when the source gave no total. */
    static Integer pagesTotal(Long totalCount, int pageSize) {
        if (totalCount == null) {
            return null;
        }
        return (int) Math.max(1, (totalCount + pageSize - 1) / pageSize);
    }
}
