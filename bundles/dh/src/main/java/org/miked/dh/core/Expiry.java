package org.miked.dh.core;

import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.miked.api.MemberId;
import org.miked.api.protocol.AgreementContext;

/**
 * How an agreement run that made no progress ends, the same in every protocol: the members blamed are
 * the ones never heard from in the run or, if every member was heard, the ones whose values are still
 * awaited; the failure is logged, counted as {@code <proto>.failed} and reported with
 * {@link AgreementContext#failed}, so the coordinator starts the next run without them.
 */
public final class Expiry {
    private Expiry() {
    }

    /**
     * @param ctx the session's context
     * @param proto counter prefix ({@code bd}, {@code gdh})
     * @param info the run
     * @param heard positions a valid message arrived from in this run
     * @param awaited positions whose values this member still waits for
     * @param reason one line naming the run and what is missing; {@code ", silent [...]"} is appended in the log
     */
    public static void fail(AgreementContext ctx, String proto, RunInfo info, BitSet heard, BitSet awaited,
            String reason) {
        Set<MemberId> silent = new LinkedHashSet<>();
        for (int j = 0; j < info.n(); j++) {
            if (!heard.get(j)) {
                silent.add(info.members().get(j));
            }
        }
        if (silent.isEmpty()) {
            awaited.stream().forEach(j -> silent.add(info.members().get(j)));
        }
        ctx.log(reason + ", silent " + silent);
        ctx.count(proto + ".failed");
        ctx.failed(info.run(), reason, silent);
    }
}
