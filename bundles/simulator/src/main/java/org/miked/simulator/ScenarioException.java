package org.miked.simulator;

/** A scenario file that cannot be used; the message is one line naming the key and why. */
public class ScenarioException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }
}
