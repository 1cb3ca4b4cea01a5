package com.wdtkingdee.sync.flow;

import java.util.Locale;

/** What a cycle is for; it decides where its windows come from and whether the checkpoint moves. */
public enum CycleMode {
    /** the scheduled sync: checkpoint → now − lag; advances the checkpoint */
    SERVICE,
    /** {@code --once}: as SERVICE, once */
    ONCE,
    /** 补漏 re-scan ({@code sync.rescan.*}): now − span → now − lag through the normal path; checkpoint unchanged */
    RESCAN,
    /** {@code --dry-run}: reads, filters and maps; writes nothing to Kingdee; checkpoint unchanged */
    DRY_RUN,
    /** {@code --reconcile FROM TO}: reads a given period and collects the expected customers; writes nothing */
    RECONCILE;

    /** Exchange property and header carrying the mode through the routes. */
    public static final String PROPERTY = "cycleMode";

    public boolean advancesCheckpoint() {
        return this == SERVICE || this == ONCE;
    }

    /** False for the modes that only read: nothing is written to Kingdee, the registry or the dead letters. */
    public boolean writes() {
        return this != DRY_RUN && this != RECONCILE;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
