package org.miked.policy.internal;

/** Where the policy database reports, one line per event. Tests record the lines. */
interface LogSink {
    void info(String line);

    void warn(String line);

    /** @return a sink writing to the platform logger {@code org.miked.policy} */
    static LogSink platform() {
        System.Logger log = System.getLogger("org.miked.policy");
        return new LogSink() {
            @Override
            public void info(String line) {
                log.log(System.Logger.Level.INFO, line);
            }

            @Override
            public void warn(String line) {
                log.log(System.Logger.Level.WARNING, line);
            }
        };
    }
}
