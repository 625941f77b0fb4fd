package dev.prompteval.internal.gate;

import dev.prompteval.internal.stats.Slice;

import java.util.ArrayList;
import java.util.List;

/** The limits that apply to one slice: the suite's own for all rows, the configured ones per metric and tag. */
record SliceLimits(Slice slice, Limits limits) {

    static List<SliceLimits> of(GateRules rules) {
        List<SliceLimits> all = new ArrayList<>();
        all.add(new SliceLimits(Slice.ALL, new Limits(rules.minPassRate(), rules.minScore(), rules.maxRegression())));
        rules.metricLimits().forEach((name, limits) -> all.add(new SliceLimits(Slice.metric(name), limits)));
        rules.tagLimits().forEach((name, limits) -> all.add(new SliceLimits(Slice.tag(name), limits)));
        return all;
    }
}
