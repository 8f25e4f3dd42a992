package org.miked.policy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;

/**
 * The sample group "trial" (src/test/resources/sample): keys are Ed25519 pairs generated from
 * {@code Randoms.deterministic(2003, "policy-sample")}, so the sample files stay consistent.
 */
final class Samples {
    static final String S01_PRIVATE = "65aa87040b7c57c960f3afc70500792b5a967fc81f9b9beb636f9d36025d1605";
    static final String S01_PUBLIC = "3be84ad4d1460856a545f7b45b04d6b0f6fd8c1c2107e943c420e01fd8ff6066";
    static final String S02_PRIVATE = "e14476f3cf29a532e9fe0b0967d7e1fc06e625a3963d4e2e34274ae452cd08ee";
    static final String S02_PUBLIC = "aa274aa54d133bd1ccdb0c674c8bce259a1082ee276dc6499f6729dd3f72b69f";
    static final String S03_PUBLIC = "bb2712fd2cdf594f8f8d66baed8fb11e511f7b4908e0afa86231ba0277688273";
    static final String R00001_PUBLIC = "f5536a3048b6317fa2d64113034bf154cfcb96810eb8c860b4514ee40c4c9894";
    static final String R00002_LEAF = "c55bee2091d127f19e38ef6462423b4272b94e42da8bc51934a730b9448ee9cd";

    static final String SENDER_SAMPLE = "/sample/org.miked.policy.group-trial.cfg";
    static final String TYPED_RECEIVER_SAMPLE = "/sample/typed/org.miked.policy.group-trial.cfg";

    private Samples() {
    }

    /** @return the properties of sender s01 as a plain .cfg file gives them (all strings) */
    static Map<String, Object> sender() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("group", "trial");
        p.put("role", "sender");
        p.put("dataAddress", "ff3e::4d:1");
        p.put("dataPort", "5004");
        p.put("controlAddress", "ff3e::4d:2");
        p.put("controlPort", "5100");
        p.put("senders", "s01@fd00::1, s02@fd00::2, s03@fd00::3");
        p.put("keyServer", "s01");
        p.put("params", "lkh.degree=4");
        p.put("excluded", "r00666, fd00:dead::/32, 10.99.0.0/16");
        p.put("signingKey", S01_PRIVATE);
        p.put("verifyKeys", "s01=" + S01_PUBLIC + ", s02=" + S02_PUBLIC + ", s03=" + S03_PUBLIC + ", r00001="
                + R00001_PUBLIC);
        p.put("individualKeys", "r00002=" + R00002_LEAF);
        return p;
    }

    /** @return the properties of receiver r00001 (not EMCON), served by s02 */
    static Map<String, Object> receiver() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("group", "trial");
        p.put("role", "receiver");
        p.put("dataAddress", "ff3e::4d:1");
        p.put("controlAddress", "ff3e::4d:2");
        p.put("controlPort", 5100);
        p.put("senders", new String[] { "s01@fd00::1", "s02@fd00::2", "s03@fd00::3" });
        p.put("keyServer", "s02");
        p.put("signingKey", "a5915239cfdb9a3d54ae9f09bb4bae36f3e02f34a212013fbf4d060554b85942");
        p.put("verifyKeys", new String[] { "s01=" + S01_PUBLIC, "s02=" + S02_PUBLIC, "s03=" + S03_PUBLIC });
        return p;
    }

    /** @return the sender's properties with some replaced (a null value removes the property) */
    static Map<String, Object> sender(Object... keyValues) {
        return with(sender(), keyValues);
    }

    /** @return the receiver's properties with some replaced (a null value removes the property) */
    static Map<String, Object> receiver(Object... keyValues) {
        return with(receiver(), keyValues);
    }

    private static Map<String, Object> with(Map<String, Object> p, Object... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                p.remove((String) keyValues[i]);
            } else {
                p.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return p;
    }

    /**
     * Reads a sample file exactly as FileInstall 3.7.4 does (its TypedProperties, ISO-8859-1).
     *
     * @param resource class-path resource
     * @return the properties Config Admin would store
     */
    static Map<String, Object> fileInstall(String resource) throws IOException {
        TypedProperties p = new TypedProperties();
        try (InputStream in = Samples.class.getResourceAsStream(resource);
                Reader r = new InputStreamReader(in, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : p.keySet()) {
            out.put(k, p.get(k));
        }
        return out;
    }
}
