package org.miked.simulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.miked.api.policy.KeyTiming;

/**
 * Reads a scenario from JSON. Keys absent from the file keep the built-in values, except {@code name}:
 * a file without one is named after the file ({@link #nameFor}); an unknown key, a wrong type or an
 * out-of-range value is a {@link ScenarioException} naming it. The fault keys ({@code crashes},
 * {@code partitions}, {@code silentLeaves}) are read by {@link FaultsParser}.
 */
public final class ScenarioParser {
    /** Every key a scenario file may contain. */
    public static final List<String> KEYS = List.of("name", "senders", "receivers", "loss", "delayMs", "jitterMs",
            "seed", "agreement", "distribution", "lkhDegree", "joins", "leaves", "emconFraction", "durationS",
            "batchMs", "rekeyAuth", "rekeyChannels", "bitFlips", "forgeries", "crashes", "partitions", "silentLeaves",
            "leaseS", "dataRatePps", "dataBytes", "activationDelayMs", "deactivationDelayMs", "rekeyLeadMs");
    /** Highest {@code dataRatePps} (per sender). */
    static final int MAX_DATA_RATE_PPS = 10_000;
    /** Highest {@code dataBytes}: an IPv6 UDP payload without jumbograms. */
    static final int MAX_DATA_BYTES = 65_487;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ScenarioParser() {
    }

    /**
     * @param json the file's text
     * @return the scenario; without a {@code name} key it is named like the built-in one
     * @throws ScenarioException naming the offending key
     */
    public static Scenario parse(String json) {
        return parse(json, Scenario.DEFAULT.name());
    }

    /**
     * @param json the file's text
     * @param defaultName the scenario's name when the file has no {@code name} key, e.g. {@link #nameFor}
     *     of the file (a report must not call a custom scenario by the built-in one's name)
     * @return the scenario
     * @throws ScenarioException naming the offending key
     * @throws IllegalArgumentException if {@code defaultName} is not a name of [A-Za-z0-9._-], 1..64
     */
    public static Scenario parse(String json, String defaultName) {
        if (!NAME.matcher(defaultName).matches()) {
            throw new IllegalArgumentException("scenario: bad default name '" + defaultName + "'");
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new ScenarioException("scenario: the file must hold one JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ScenarioException("scenario: not valid JSON: " + oneLine(e.getMessage()));
        }
        for (String k : o.keySet()) {
            if (!KEYS.contains(k)) {
                throw new ScenarioException("scenario: unknown key '" + k + "' (known: " + String.join(", ", KEYS) + ")");
            }
        }
        Scenario d = Scenario.DEFAULT;
        Scenario s = new Scenario(str(o, "name", defaultName), integer(o, "senders", d.senders(), 1, 25),
                integer(o, "receivers", d.receivers(), 0, 200_000), real(o, "loss", d.loss(), 0, 0.95),
                integer(o, "delayMs", (int) d.delayMs(), 0, 60_000), integer(o, "jitterMs", (int) d.jitterMs(), 0, 60_000),
                longValue(o, "seed", d.seed()), str(o, "agreement", d.agreement()),
                str(o, "distribution", d.distribution()), integer(o, "lkhDegree", d.lkhDegree(), 2, 64),
                integer(o, "joins", d.joins(), 0, 100_000), integer(o, "leaves", d.leaves(), 0, 100_000),
                real(o, "emconFraction", d.emconFraction(), 0, 1), integer(o, "durationS", (int) d.durationS(), 1, 86_400),
                integer(o, "batchMs", (int) d.batchMs(), 1, 600_000), str(o, "rekeyAuth", d.rekeyAuth()),
                oneOf(o, "rekeyChannels", d.rekeyChannels(), Scenario.REKEY_CHANNELS),
                real(o, "bitFlips", d.bitFlips(), 0, 0.5), integer(o, "forgeries", d.forgeries(), 0, 1000));
        if (s.leaves() > s.receivers()) {
            throw new ScenarioException("scenario: 'leaves' (" + s.leaves() + ") exceeds 'receivers' (" + s.receivers() + ")");
        }
        s = s.withLease(integer(o, "leaseS", (int) d.leaseS(), 0, 2_592_000));
        s = s.withData(integer(o, "dataRatePps", d.dataRatePps(), 0, MAX_DATA_RATE_PPS),
                integer(o, "dataBytes", d.dataBytes(), 1, MAX_DATA_BYTES));
        int max = (int) KeyTiming.MAX_MILLIS;
        s = s.withTiming(new KeyTiming(integer(o, "activationDelayMs", (int) d.timing().activationDelayMillis(), 0, max),
                integer(o, "deactivationDelayMs", (int) d.timing().deactivationDelayMillis(), 0, max),
                integer(o, "rekeyLeadMs", (int) d.timing().rekeyLeadMillis(), 0, max)));
        return s.withFaults(FaultsParser.parse(o, s));
    }

    /**
     * The name of a scenario read from a file without a {@code name} key: the file's name without
     * {@code .json}, with every character outside [A-Za-z0-9._-] replaced by {@code _}, cut to 64.
     *
     * @param file the scenario file (need not exist)
     * @return e.g. {@code lossy-gdh} for {@code scenarios/lossy-gdh.json}; {@code scenario} if nothing is left
     */
    public static String nameFor(Path file) {
        Path f = file.getFileName();
        String base = f == null ? "" : f.toString();
        if (base.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            base = base.substring(0, base.length() - ".json".length());
        }
        base = base.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.length() > 64) {
            base = base.substring(0, 64);
        }
        return base.isEmpty() ? "scenario" : base;
    }

    /** @return the scenario as JSON, every key present */
    public static String toJson(Scenario s) {
        JsonObject o = new JsonObject();
        o.addProperty("name", s.name());
        o.addProperty("senders", s.senders());
        o.addProperty("receivers", s.receivers());
        o.addProperty("loss", s.loss());
        o.addProperty("delayMs", s.delayMs());
        o.addProperty("jitterMs", s.jitterMs());
        o.addProperty("seed", s.seed());
        o.addProperty("agreement", s.agreement());
        o.addProperty("distribution", s.distribution());
        o.addProperty("lkhDegree", s.lkhDegree());
        o.addProperty("joins", s.joins());
        o.addProperty("leaves", s.leaves());
        o.addProperty("emconFraction", s.emconFraction());
        o.addProperty("durationS", s.durationS());
        o.addProperty("batchMs", s.batchMs());
        o.addProperty("rekeyAuth", s.rekeyAuth());
        o.addProperty("rekeyChannels", s.rekeyChannels());
        o.addProperty("leaseS", s.leaseS());
        o.addProperty("bitFlips", s.bitFlips());
        o.addProperty("forgeries", s.forgeries());
        o.addProperty("dataRatePps", s.dataRatePps());
        o.addProperty("dataBytes", s.dataBytes());
        o.addProperty("activationDelayMs", s.timing().activationDelayMillis());
        o.addProperty("deactivationDelayMs", s.timing().deactivationDelayMillis());
        o.addProperty("rekeyLeadMs", s.timing().rekeyLeadMillis());
        FaultsParser.write(o, s.faults());
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(o);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ");
    }

    private static JsonPrimitive prim(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new ScenarioException("scenario: '" + key + "' must be a single value, got " + e);
        }
        return e.getAsJsonPrimitive();
    }

    private static String str(JsonObject o, String key, String dflt) {
        JsonPrimitive p = prim(o, key);
        if (p == null) {
            return dflt;
        }
        if (!p.isString() || !NAME.matcher(p.getAsString()).matches()) {
            throw new ScenarioException("scenario: '" + key + "' must be a name of [A-Za-z0-9._-], got " + p);
        }
        return p.getAsString();
    }

    private static String oneOf(JsonObject o, String key, String dflt, List<String> allowed) {
        String v = str(o, key, dflt);
        if (!allowed.contains(v)) {
            throw new ScenarioException("scenario: '" + key + "' must be one of " + String.join(", ", allowed)
                    + ", got \"" + v + "\"");
        }
        return v;
    }

    private static double real(JsonObject o, String key, double dflt, double min, double max) {
        JsonPrimitive p = prim(o, key);
        if (p == null) {
            return dflt;
        }
        if (!p.isNumber()) {
            throw new ScenarioException("scenario: '" + key + "' must be a number, got " + p);
        }
        double v = p.getAsDouble();
        if (!(v >= min && v <= max)) {
            throw new ScenarioException("scenario: '" + key + "' must be in [" + min + ", " + max + "], got " + p);
        }
        return v;
    }

    private static int integer(JsonObject o, String key, int dflt, int min, int max) {
        JsonPrimitive p = prim(o, key);
        if (p == null) {
            return dflt;
        }
        if (!p.isNumber()) {
            throw new ScenarioException("scenario: '" + key + "' must be an integer, got " + p);
        }
        java.math.BigDecimal v = p.getAsBigDecimal();
        if (v.stripTrailingZeros().scale() > 0 || v.compareTo(java.math.BigDecimal.valueOf(min)) < 0
                || v.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw new ScenarioException("scenario: '" + key + "' must be an integer in [" + min + ", " + max + "], got " + p);
        }
        return v.intValueExact();
    }

    private static long longValue(JsonObject o, String key, long dflt) {
        JsonPrimitive p = prim(o, key);
        if (p == null) {
            return dflt;
        }
        try {
            if (!p.isNumber()) {
                throw new NumberFormatException();
            }
            return p.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ScenarioException("scenario: '" + key + "' must be a 64-bit integer, got " + p);
        }
    }

}
