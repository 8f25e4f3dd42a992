/**
 * The PF_KEY v2 wire format (RFC 2367, Linux {@code linux/pfkeyv2.h}), apart from the sink's logic:
 * {@link org.miked.sink.pfkey.wire.PfKey} holds the constants and the message and extension records (with
 * their offsets), and {@link org.miked.sink.pfkey.wire.PfKeyCodec} encodes and decodes whole messages,
 * one per datagram: the requests MIKED sends (SADB_REGISTER, SADB_ADD, SADB_DELETE, SADB_GET,
 * SADB_X_SPDUPDATE, SADB_X_SPDDELETE), the kernel's replies (the request echoed with errno set) and
 * SADB_EXPIRE. Lengths count 64-bit words (except an ipsecrequest's, in bytes); host byte order except
 * the SPI and the ports inside socket addresses. Unknown extensions are kept verbatim. Decoders treat
 * every message as hostile: lengths must fit and match, families and prefix lengths must be valid, key
 * bits must match key bytes; failures are {@link org.miked.common.wire.DecodeException}s naming the field.
 * Test vectors: laid out by hand from RFC 2367 section 2.3 ({@code pfkey-hand.json}; there is no PF_KEY
 * on the development host to capture from).
 *
 * <p>One request as the sink sends it, SADB_ADD of an IPv4 ESP SA with {@code cbc(aes)} (128-bit key)
 * and {@code hmac(sha1)}: 216 bytes, 27 words, every extension a multiple of 8 bytes:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |  version = 2  | type = 3 ADD  |   errno = 0   | satype = 3 ESP|   0  sadb_msg (16)
 * +---------------+---------------+---------------+---------------+
 * |        len = 27 (words)       |           reserved            |
 * +---------------+---------------+---------------+---------------+
 * |                 seq (the reply carries it back)               |
 * +---------------+---------------+---------------+---------------+
 * |                 pid (ours; the reply carries it back)         |
 * +---------------+---------------+---------------+---------------+
 * |        len = 2                |        type = 1 SA            |  16  sadb_sa (16)
 * +---------------+---------------+---------------+---------------+
 * |                       SPI (network order)                     |
 * +---------------+---------------+---------------+---------------+
 * | replay <= 32  | state MATURE  | auth = 3 SHA1 | encrypt = 12  |
 * +---------------+---------------+---------------+---------------+
 * |                            flags                              |
 * +---------------+---------------+---------------+---------------+
 * |  len = 2, type = 19 X_SA2: mode transport, sequence, reqid 0  ~  32  sadb_x_sa2 (16)
 * +---------------+---------------+---------------+---------------+
 * |  len = 4, type = 3 LIFETIME_HARD: allocations, bytes,         ~  48  sadb_lifetime (32)
 * |  addtime = hard lifetime (s), usetime                         ~
 * +---------------+---------------+---------------+---------------+
 * |  len = 4, type = 4 LIFETIME_SOFT: likewise                    ~  80  sadb_lifetime (32)
 * +---------------+---------------+---------------+---------------+
 * |        len = 3                |     type = 5 ADDRESS_SRC      | 112  sadb_address (8 + 16)
 * +---------------+---------------+---------------+---------------+
 * |  proto (UDP   | prefixlen 32  |           reserved            |
 * |  or 255 any)  |               |                               |
 * +---------------+---------------+---------------+---------------+
 * |  sockaddr_in: family 2, port (network order), address, 8 zero ~
 * +---------------+---------------+---------------+---------------+
 * |  len = 3, type = 6 ADDRESS_DST: the group address, likewise   ~ 136  sadb_address (24)
 * +---------------+---------------+---------------+---------------+
 * |        len = 4                |     type = 8 KEY_AUTH         | 160  sadb_key (8 + 20 + 4 pad)
 * +---------------+---------------+---------------+---------------+
 * |        bits = 160             |           reserved            |
 * +---------------+---------------+---------------+---------------+
 * |  key (20 bytes), zero-padded to 8                             ~
 * +---------------+---------------+---------------+---------------+
 * |  len = 3, type = 9 KEY_ENCRYPT, bits = 128, key (16 bytes)    ~ 192  sadb_key (24), ends at 216
 * +---------------+---------------+---------------+---------------+
 * </pre>
 *
 * The field offsets of every extension are in {@link org.miked.sink.pfkey.wire.PfKey}, the message
 * header diagram in {@link org.miked.sink.pfkey.wire.PfKeyCodec}.
 */
package org.miked.sink.pfkey.wire;
