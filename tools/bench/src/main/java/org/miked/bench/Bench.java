package org.miked.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ./miked bench <name> [args]}. Each benchmark is a class
 * {@code org.miked.bench.<Name>Bench} with {@code public static void run(String[] args)} that prints
 * a report in which every cost stands next to a primitive floor measured in the same run.
 */
public final class Bench {
    /** Benchmarks known to this build (name, one line). */
    static final List<String[]> KNOWN = List.of(
            new String[] {"agreement", "BD / GDH.2 / GDH.3 at n = 5, 10, 25: rounds, messages, bytes, exponentiations, CPU"},
            new String[] {"lkh", "LKH at n = 1,000 / 10,000 / 100,000, degree 2/4/8: wraps and bytes per join/leave/batch, CPU, memory"},
            new String[] {"tesla", "receiver CPU per rekey message, TESLA vs Ed25519, and bytes each scheme adds"},
            new String[] {"sim", "./miked sim runtime at 1,000 / 10,000 / 100,000 receivers x 25 senders: deliveries/s, heap per"
                    + " host, wall vs Ed25519 floor"});

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println("usage: ./miked bench <name> [args]");
            for (String[] k : KNOWN) {
                System.out.printf("  %-10s %s%n", k[0], k[1]);
            }
            return;
        }
        String name = args[0];
        String cls = "org.miked.bench." + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Bench";
        Class<?> c;
        try {
            c = Class.forName(cls);
        } catch (ClassNotFoundException e) {
            System.err.println("miked bench: unknown benchmark '" + name + "' (try ./miked bench help)");
            System.exit(2);
            return;
        }
        Method m = c.getMethod("run", String[].class);
        m.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
