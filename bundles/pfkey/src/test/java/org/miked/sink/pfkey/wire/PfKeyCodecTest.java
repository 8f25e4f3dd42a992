package org.miked.sink.pfkey.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miked.common.crypto.Hex;
import org.miked.common.wire.DecodeException;
import org.miked.sink.pfkey.wire.PfKey.Address;
import org.miked.sink.pfkey.wire.PfKey.Alg;
import org.miked.sink.pfkey.wire.PfKey.IpsecRequest;
import org.miked.sink.pfkey.wire.PfKey.Key;
import org.miked.sink.pfkey.wire.PfKey.Lifetime;
import org.miked.sink.pfkey.wire.PfKey.Message;
import org.miked.sink.pfkey.wire.PfKey.Policy;
import org.miked.sink.pfkey.wire.PfKey.Sa;
import org.miked.sink.pfkey.wire.PfKey.Sa2;
import org.miked.sink.pfkey.wire.PfKey.SpiRange;
import org.miked.sink.pfkey.wire.PfKey.Supported;

class PfKeyCodecTest {
    private static final Map<String, byte[]> V = new HashMap<>();
    private static final int PID = 4242;

    @BeforeAll
    static void load() throws Exception {
        try (var in = new InputStreamReader(PfKeyCodecTest.class.getResourceAsStream("/vectors/pfkey-hand.json"),
                StandardCharsets.UTF_8)) {
            JsonParser.parseReader(in).getAsJsonObject().getAsJsonObject("vectors").entrySet()
                    .forEach(e -> V.put(e.getKey(), Hex.decode(e.getValue().getAsString())));
        }
    }

    static Address src4() {
        return new Address(PfKey.EXT_ADDRESS_SRC, PfKey.IPSEC_PROTO_ANY, 32, PfKey.AF_INET, 0, new byte[] {10, 0, 0, 1}, 0, 0);
    }

    static Address dst4() {
        return new Address(PfKey.EXT_ADDRESS_DST, PfKey.IPSEC_PROTO_ANY, 32, PfKey.AF_INET, 0,
                new byte[] {(byte) 239, 1, 2, 3}, 0, 0);
    }

    static byte[] count(int from, int n) {
        return PfKeyVectorGenerator.count(from, n);
    }

    /** Encodes, compares with the hand-laid vector, decodes the vector and compares with the message. */
    static void check(String name, Message m) throws DecodeException {
        byte[] want = V.get(name);
        assertThat(want).as(name).isNotNull();
        assertThat(Hex.encode(PfKeyCodec.encode(m))).as(name).isEqualTo(Hex.encode(want));
        assertThat(PfKeyCodec.decode(want, want.length)).as(name).isEqualTo(m);
    }

    @Test
    void getSpiAndItsReply() throws Exception {
        check("getspi-v4", new Message(PfKey.SADB_GETSPI, 0, PfKey.SADB_SATYPE_ESP, 1, PID,
                List.of(new Sa2(PfKey.IPSEC_MODE_TRANSPORT, 0, 42), src4(), dst4(), new SpiRange(0x100, 0x7fffffff))));
        check("getspi-reply-v4", new Message(PfKey.SADB_GETSPI, 0, PfKey.SADB_SATYPE_ESP, 1, PID,
                List.of(new Sa(0x0c6f5040, 0, 0, 0, 0, 0), src4(), dst4())));
    }

    @Test
    void addGcmOverIpv6() throws Exception {
        check("add-gcm-v6", new Message(PfKey.SADB_ADD, 0, PfKey.SADB_SATYPE_ESP, 2, PID, List.of(
                new Sa(0x12345678, 32, PfKey.SADB_SASTATE_MATURE, PfKey.SADB_AALG_NONE, PfKey.SADB_X_EALG_AES_GCM_ICV16, 0),
                new Sa2(PfKey.IPSEC_MODE_TRANSPORT, 0, 42),
                new Lifetime(PfKey.EXT_LIFETIME_HARD, 0, 0, 3600, 0), new Lifetime(PfKey.EXT_LIFETIME_SOFT, 0, 0, 3300, 0),
                new Address(PfKey.EXT_ADDRESS_SRC, 255, 128, PfKey.AF_INET6, 0, PfKeyVectorGenerator.FD00_1, 0, 0),
                new Address(PfKey.EXT_ADDRESS_DST, 255, 128, PfKey.AF_INET6, 0, PfKeyVectorGenerator.FF3E_4D_1, 0, 0),
                new Key(PfKey.EXT_KEY_ENCRYPT, 160, count(0, 20)))));
    }

    @Test
    void updateCbcWithHmacSha1() throws Exception {
        check("update-cbc-sha1-v4", new Message(PfKey.SADB_UPDATE, 0, PfKey.SADB_SATYPE_ESP, 3, PID, List.of(
                new Sa(0x0c6f5040, 64, 1, PfKey.SADB_AALG_SHA1HMAC, PfKey.SADB_X_EALG_AESCBC, 0),
                new Sa2(PfKey.IPSEC_MODE_TRANSPORT, 0, 42),
                new Lifetime(PfKey.EXT_LIFETIME_HARD, 0, 0, 3600, 0), new Lifetime(PfKey.EXT_LIFETIME_SOFT, 0, 0, 3300, 0),
                src4(), dst4(), new Key(PfKey.EXT_KEY_AUTH, 160, count(0x20, 20)),
                new Key(PfKey.EXT_KEY_ENCRYPT, 128, count(0, 16)))));
    }

    @Test
    void deleteFlushDumpRegister() throws Exception {
        check("delete-v4", new Message(PfKey.SADB_DELETE, 0, PfKey.SADB_SATYPE_ESP, 4, PID,
                List.of(new Sa(0x0c6f5040, 0, 0, 0, 0, 0), src4(), dst4())));
        check("flush-esp", new Message(PfKey.SADB_FLUSH, 0, PfKey.SADB_SATYPE_ESP, 5, PID, List.of()));
        check("dump-esp", new Message(PfKey.SADB_DUMP, 0, PfKey.SADB_SATYPE_ESP, 6, PID, List.of()));
        check("register-esp", new Message(PfKey.SADB_REGISTER, 0, PfKey.SADB_SATYPE_ESP, 7, PID, List.of()));
        check("register-reply", new Message(PfKey.SADB_REGISTER, 0, PfKey.SADB_SATYPE_ESP, 7, PID, List.of(
                new Supported(PfKey.EXT_SUPPORTED_AUTH, List.of(new Alg(3, 0, 160, 160), new Alg(5, 0, 256, 256))),
                new Supported(PfKey.EXT_SUPPORTED_ENCRYPT, List.of(new Alg(12, 8, 128, 256), new Alg(20, 8, 160, 288))))));
        check("error-einval", new Message(PfKey.SADB_GETSPI, 22, PfKey.SADB_SATYPE_ESP, 1, PID, List.of()));
    }

    @Test
    void expireFromTheKernel() throws Exception {
        check("expire-soft-v4", new Message(PfKey.SADB_EXPIRE, 0, PfKey.SADB_SATYPE_ESP, 0, 0, List.of(
                new Sa(0x0c6f5040, 64, 1, 3, 12, 0), new Lifetime(PfKey.EXT_LIFETIME_CURRENT, 0, 1500, 1_795_000_000L, 0),
                new Lifetime(PfKey.EXT_LIFETIME_SOFT, 0, 0, 3300, 0), src4(), dst4())));
    }

    @Test
    void spdAddAndDelete() throws Exception {
        Address s = new Address(PfKey.EXT_ADDRESS_SRC, PfKey.IPPROTO_UDP, 32, PfKey.AF_INET, 0, new byte[] {10, 0, 0, 1}, 0, 0);
        Address d = new Address(PfKey.EXT_ADDRESS_DST, PfKey.IPPROTO_UDP, 32, PfKey.AF_INET, 5004,
                new byte[] {(byte) 239, 1, 2, 3}, 0, 0);
        check("spdadd-out-v4", new Message(PfKey.SADB_X_SPDADD, 0, PfKey.SADB_SATYPE_UNSPEC, 8, PID, List.of(s, d,
                new Policy(PfKey.IPSEC_POLICY_IPSEC, PfKey.IPSEC_DIR_OUTBOUND, 0, 0, List.of(new IpsecRequest(
                        PfKey.IPPROTO_ESP, PfKey.IPSEC_MODE_TRANSPORT, PfKey.IPSEC_LEVEL_REQUIRE, 42))))));
        check("spddelete-out-v4", new Message(PfKey.SADB_X_SPDDELETE, 0, PfKey.SADB_SATYPE_UNSPEC, 9, PID, List.of(s, d,
                new Policy(PfKey.IPSEC_POLICY_IPSEC, PfKey.IPSEC_DIR_OUTBOUND, 0, 0, List.of()))));
    }

    @Test
    void malformedMessagesAreRejectedNamingTheField() {
        byte[] add = V.get("add-gcm-v6");
        byte[] v1 = add.clone();
        v1[0] = 1;
        assertThatThrownBy(() -> PfKeyCodec.decode(v1, v1.length)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("sadb_msg_version");
        assertThatThrownBy(() -> PfKeyCodec.decode(add, add.length - 8)).hasMessageContaining("sadb_msg_len");
        byte[] zeroExt = add.clone();
        zeroExt[16] = 0;
        zeroExt[17] = 0;
        assertThatThrownBy(() -> PfKeyCodec.decode(zeroExt, zeroExt.length)).hasMessageContaining("sadb_ext_len");
        byte[] longExt = add.clone();
        longExt[16] = 100;
        assertThatThrownBy(() -> PfKeyCodec.decode(longExt, longExt.length)).hasMessageContaining("sadb_ext_len");
        byte[] bigSa = add.clone();
        bigSa[16] = 3; // sadb_sa claiming 24 bytes swallows the next extension's header
        assertThatThrownBy(() -> PfKeyCodec.decode(bigSa, bigSa.length)).hasMessageContaining("sadb_sa");
        byte[] del = V.get("delete-v4");
        byte[] fam = del.clone();
        fam[16 + 16 + 8] = 7; // first address's sockaddr family
        assertThatThrownBy(() -> PfKeyCodec.decode(fam, fam.length)).hasMessageContaining("family");
        byte[] pfx = del.clone();
        pfx[16 + 16 + 5] = 33;
        assertThatThrownBy(() -> PfKeyCodec.decode(pfx, pfx.length)).hasMessageContaining("prefixlen");
        int keyAt = add.length - 32; // the 20-byte key extension (32 bytes) is last
        byte[] bits = add.clone();
        bits[keyAt + 4] = (byte) 0x00;
        bits[keyAt + 5] = 0x01; // 256 bits in a 24-byte slot
        assertThatThrownBy(() -> PfKeyCodec.decode(bits, bits.length)).hasMessageContaining("sadb_key_bits");
        byte[] spd = V.get("spdadd-out-v4");
        byte[] req = spd.clone();
        req[spd.length - 16] = 12; // ipsecrequest length 12: not a multiple of 8
        assertThatThrownBy(() -> PfKeyCodec.decode(req, req.length)).hasMessageContaining("sadb_x_ipsecrequest_len");
        assertThatThrownBy(() -> PfKeyCodec.decode(new byte[] {2, 1, 0}, 3)).hasMessageContaining("truncated at sadb_msg_len");
    }

    @Test
    void unknownExtensionsSurviveARoundTrip() throws Exception {
        Message m = new Message(PfKey.SADB_GET, 0, 3, 1, 1, List.of(new PfKey.Unknown(20, new byte[] {1, 2, 3, 4})));
        byte[] b = PfKeyCodec.encode(m);
        assertThat(b).hasSize(24);
        assertThat(PfKeyCodec.decode(b, b.length)).isEqualTo(m);
    }
}
