package org.miked.simulator;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One host crash of a scenario (a power cut): at {@code atS} the host stops without a word and loses its
 * memory (GMF, protocol, authentication and SA state), keeping only its state store; after
 * {@code restartAfterS} it starts again from its policy and state store, or never when that is empty.
 *
 * @param atS simulated second of the crash, within the run
 * @param host the host, named as the simulator names it ({@code s03}, {@code r000042})
 * @param restartAfterS seconds until the restart, empty: the host never returns
 */
public record Crash(double atS, String host, OptionalDouble restartAfterS) {
    public Crash {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(restartAfterS, "restartAfterS");
        if (!(atS >= 0) || Double.isInfinite(atS)) {
            throw new IllegalArgumentException("a crash's atS must be a finite time >= 0, got " + atS);
        }
        if (restartAfterS.isPresent() && !(restartAfterS.getAsDouble() > 0 && restartAfterS.getAsDouble() < 1e9)) {
            throw new IllegalArgumentException("a crash's restartAfterS must be > 0, got " + restartAfterS);
        }
    }

    /** @return the crash time in virtual ms */
    public long atMs() {
        return Math.round(atS * 1000);
    }

    /** @return the restart time in virtual ms, or -1 if the host never returns */
    public long restartAtMs() {
        return restartAfterS.isPresent() ? Math.round((atS + restartAfterS.getAsDouble()) * 1000) : -1;
    }
}
