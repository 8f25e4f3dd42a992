package org.miked.simulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads and writes a scenario file's fault keys ({@code crashes}, {@code partitions}, {@code silentLeaves};
 * {@link Faults}) for {@link ScenarioParser}, with its error lines: one line naming the key (and the entry,
 * {@code crashes[1].host}) and why.
 */
final class FaultsParser {
    /** The fault keys of a scenario file. */
    static final List<String> KEYS = List.of("crashes", "partitions", "silentLeaves");
    private static final List<String> CRASH_KEYS = List.of("atS", "host", "restartAfterS");
    private static final List<String> PARTITION_KEYS = List.of("atS", "durationS", "hosts");

    private FaultsParser() {
    }

    /**
     * @param o the scenario file's object
     * @param s the scenario read from its other keys (hosts and times are checked against it)
     * @return the faults, {@link Faults#NONE} if the file has none of the keys
     * @throws ScenarioException naming the offending key
     */
    static Faults parse(JsonObject o, Scenario s) {
        List<Crash> crashes = new ArrayList<>();
        JsonArray list = array(o, "crashes");
        for (int i = 0; list != null && i < list.size(); i++) {
            String at = "crashes[" + i + "]";
            JsonObject c = entry(list.get(i), at, CRASH_KEYS);
            double atS = number(c, at, "atS", 0, s.durationS(), true);
            String host = host(c.get("host"), at + ".host", s);
            OptionalDouble restart = c.has("restartAfterS")
                    ? OptionalDouble.of(number(c, at, "restartAfterS", 0, 86_400, false)) : OptionalDouble.empty();
            crashes.add(new Crash(atS, host, restart));
        }
        checkOverlaps(crashes);
        List<Partition> partitions = new ArrayList<>();
        list = array(o, "partitions");
        for (int i = 0; list != null && i < list.size(); i++) {
            String at = "partitions[" + i + "]";
            JsonObject p = entry(list.get(i), at, PARTITION_KEYS);
            double atS = number(p, at, "atS", 0, s.durationS(), true);
            double durationS = number(p, at, "durationS", 0, 86_400, false);
            JsonElement hs = p.get("hosts");
            if (hs == null) {
                throw new ScenarioException("scenario: '" + at + ".hosts' is missing");
            }
            if (!hs.isJsonArray() || hs.getAsJsonArray().isEmpty()) {
                throw new ScenarioException("scenario: '" + at + ".hosts' must be a non-empty list of hosts, got " + hs);
            }
            List<String> hosts = new ArrayList<>();
            JsonArray ha = hs.getAsJsonArray();
            for (int j = 0; j < ha.size(); j++) {
                String h = host(ha.get(j), at + ".hosts[" + j + "]", s);
                if (hosts.contains(h)) {
                    throw new ScenarioException("scenario: '" + at + ".hosts' names " + h + " twice");
                }
                hosts.add(h);
            }
            partitions.add(new Partition(atS, durationS, hosts));
        }
        double silent = 0;
        if (o.has("silentLeaves")) {
            JsonElement e = o.get("silentLeaves");
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw new ScenarioException("scenario: 'silentLeaves' must be a number (a fraction of 'leaves'), got " + e);
            }
            silent = e.getAsDouble();
            if (!(silent >= 0 && silent <= 1)) {
                throw new ScenarioException("scenario: 'silentLeaves' must be in [0.0, 1.0], got " + e);
            }
        }
        return new Faults(crashes, partitions, silent);
    }

    /** Adds the fault keys of {@code f} to {@code o}. */
    static void write(JsonObject o, Faults f) {
        JsonArray cs = new JsonArray();
        for (Crash c : f.crashes()) {
            JsonObject e = new JsonObject();
            e.addProperty("atS", c.atS());
            e.addProperty("host", c.host());
            c.restartAfterS().ifPresent(r -> e.addProperty("restartAfterS", r));
            cs.add(e);
        }
        o.add("crashes", cs);
        JsonArray ps = new JsonArray();
        for (Partition p : f.partitions()) {
            JsonObject e = new JsonObject();
            e.addProperty("atS", p.atS());
            e.addProperty("durationS", p.durationS());
            JsonArray hs = new JsonArray();
            p.hosts().forEach(hs::add);
            e.add("hosts", hs);
            ps.add(e);
        }
        o.add("partitions", ps);
        o.addProperty("silentLeaves", f.silentLeaves());
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonArray()) {
            throw new ScenarioException("scenario: '" + key + "' must be a list of objects, got " + e);
        }
        return e.getAsJsonArray();
    }

    private static JsonObject entry(JsonElement e, String at, List<String> keys) {
        if (!e.isJsonObject()) {
            throw new ScenarioException("scenario: '" + at + "' must be an object with " + String.join(", ", keys)
                    + ", got " + e);
        }
        JsonObject o = e.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!keys.contains(k)) {
                throw new ScenarioException("scenario: unknown key '" + k + "' in '" + at + "' (known: "
                        + String.join(", ", keys) + ")");
            }
        }
        return o;
    }

    /** @param closedMin whether {@code min} itself is allowed (a time may be 0, a duration may not) */
    private static double number(JsonObject o, String at, String key, double min, double max, boolean closedMin) {
        String label = at + "." + key;
        JsonElement e = o.get(key);
        if (e == null) {
            throw new ScenarioException("scenario: '" + label + "' is missing");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ScenarioException("scenario: '" + label + "' must be a number of seconds, got " + e);
        }
        double v = e.getAsDouble();
        if (!(closedMin ? v >= min : v > min) || !(v <= max)) {
            throw new ScenarioException("scenario: '" + label + "' must be in " + (closedMin ? "[" : "(") + fmt(min)
                    + ", " + fmt(max) + "]" + (key.equals("atS") ? " (within durationS)" : "") + ", got " + e);
        }
        return v;
    }

    /**
     * A host as the simulator names it ({@code ScenarioPolicies.senderId/receiverId}): {@code s01} up to the
     * scenario's senders, {@code r000001} up to its receivers plus joins.
     */
    private static String host(JsonElement e, String label, Scenario s) {
        String range = "s01..s" + String.format(Locale.ROOT, "%02d", s.senders()) + (s.totalReceivers() == 0 ? ""
                : " or r000001..r" + String.format(Locale.ROOT, "%06d", s.totalReceivers()));
        if (e == null) {
            throw new ScenarioException("scenario: '" + label + "' is missing");
        }
        String h = e.isJsonPrimitive() && ((JsonPrimitive) e).isString() ? e.getAsString() : null;
        int n = -1;
        if (h != null && h.length() > 1 && h.substring(1).chars().allMatch(Character::isDigit)) {
            try {
                n = Integer.parseInt(h.substring(1));
            } catch (NumberFormatException tooLong) {
                n = -1;
            }
        }
        boolean ok = h != null && n >= 1 && (h.charAt(0) == 's' ? n <= s.senders()
                && h.equals(String.format(Locale.ROOT, "s%02d", n))
                : h.charAt(0) == 'r' && n <= s.totalReceivers() && h.equals(String.format(Locale.ROOT, "r%06d", n)));
        if (!ok) {
            throw new ScenarioException("scenario: '" + label + "' must name a simulated host (" + range + "), got " + e);
        }
        return h;
    }

    /** A host cannot crash again while it is down. */
    private static void checkOverlaps(List<Crash> crashes) {
        Map<String, Integer> last = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < crashes.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(crashes.get(a).atS(), crashes.get(b).atS()));
        for (int i : order) {
            Crash c = crashes.get(i);
            Integer j = last.put(c.host(), i);
            if (j != null) {
                Crash before = crashes.get(j);
                if (before.restartAtMs() < 0 || c.atMs() <= before.restartAtMs()) {
                    throw new ScenarioException("scenario: 'crashes[" + i + "]' crashes " + c.host() + " at "
                            + fmt(c.atS()) + " s while it is down since 'crashes[" + j + "]' at " + fmt(before.atS())
                            + " s (" + (before.restartAtMs() < 0 ? "no restart"
                                    : "restart at " + fmt(before.restartAtMs() / 1000.0) + " s") + ")");
                }
            }
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
