package org.miked.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.junit.jupiter.api.Test;

class CryptoTest {

    /** RFC 5869 appendix A.1. */
    @Test
    void hkdfMatchesRfc5869CaseOne() {
        byte[] okm = Hkdf.derive(Hex.decode("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                Hex.decode("000102030405060708090a0b0c"), Hex.decode("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(Hex.encode(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    /** RFC 3394 section 4.1: 128-bit key under a 128-bit KEK. */
    @Test
    void keyWrapMatchesRfc3394() throws Exception {
        byte[] kek = Hex.decode("000102030405060708090A0B0C0D0E0F");
        byte[] key = Hex.decode("00112233445566778899AABBCCDDEEFF");
        byte[] wrapped = KeyWrap.wrap(kek, key);
        assertThat(Hex.encode(wrapped)).isEqualTo("1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5");
        assertThat(KeyWrap.unwrap(kek, wrapped)).isEqualTo(key);
        wrapped[3] ^= 1;
        assertThatThrownBy(() -> KeyWrap.unwrap(kek, wrapped)).isInstanceOf(InvalidCipherTextException.class);
        assertThatThrownBy(() -> KeyWrap.unwrap(kek, new byte[7])).isInstanceOf(InvalidCipherTextException.class);
    }

    @Test
    void ed25519SignsAndRejectsTampering() {
        var random = Randoms.asSecureRandom(Randoms.deterministic(1, "t"));
        byte[] priv = Ed25519.generatePrivate(random);
        byte[] pub = Ed25519.publicOf(priv);
        byte[] msg = "hello".getBytes();
        byte[] sig = Ed25519.sign(priv, msg, 0, msg.length);
        assertThat(Ed25519.verify(pub, msg, 0, msg.length, sig)).isTrue();
        msg[0] ^= 1;
        assertThat(Ed25519.verify(pub, msg, 0, msg.length, sig)).isFalse();
        assertThat(Ed25519.verify(new byte[5], msg, 0, msg.length, sig)).isFalse();
        // the reusable signer/verifier agree with the one-shot functions (RFC 8032 is deterministic)
        msg[0] ^= 1;
        Ed25519.Signer signer = Ed25519.signer(priv);
        assertThat(signer.sign(msg, 0, msg.length)).isEqualTo(sig);
        assertThat(signer.publicKey()).isEqualTo(pub);
        assertThat(Ed25519.verifier(pub).verify(msg, 0, msg.length, sig, 0)).isTrue();
        assertThat(Ed25519.verifier(pub).verify(msg, 1, msg.length - 1, sig, 0)).isFalse();
        assertThat(Ed25519.verifier(new byte[3])).isNull();
    }

    /** RFC 8032 section 7.1, test 1 (empty message). */
    @Test
    void ed25519MatchesRfc8032TestOne() {
        byte[] priv = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        assertThat(Hex.encode(Ed25519.publicOf(priv)))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(Hex.encode(Ed25519.signer(priv).sign(new byte[0], 0, 0))).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }

    @Test
    void deterministicSourceRepeatsPerSeedAndLabel() {
        var a = Randoms.deterministic(7, "h1");
        var b = Randoms.deterministic(7, "h1");
        var c = Randoms.deterministic(7, "h2");
        long x = a.nextLong();
        assertThat(b.nextLong()).isEqualTo(x);
        assertThat(c.nextLong()).isNotEqualTo(x);
        for (int i = 0; i < 1000; i++) {
            assertThat(a.nextInt(10)).isBetween(0, 9);
        }
    }

    @Test
    void hexRejectsBadInputByPosition() {
        assertThatThrownBy(() -> Hex.decode("0g")).hasMessageContaining("position 1");
        assertThatThrownBy(() -> Hex.decode("abc")).hasMessageContaining("odd");
    }
}
