/**
 * The XFRM netlink wire format, apart from the sink's logic: {@link org.miked.sink.xfrm.wire.Xfrm} holds
 * the {@code linux/xfrm.h} structures as records (with their offsets), and
 * {@link org.miked.sink.xfrm.wire.XfrmCodec} encodes the requests MIKED sends (NEWSA, DELSA, ALLOCSPI,
 * UPDPOLICY, DELPOLICY) and decodes what the kernel sends back (NLMSG_ERROR with extended ACK, NEWSA for
 * ALLOCSPI, EXPIRE). Host byte order, except SPI and ports (network order). Decoders treat every kernel
 * message as hostile: lengths must fit and match, families and prefix lengths must be valid, algorithm
 * names must be NUL-terminated printable ASCII, key bits must match key bytes; failures are
 * {@link org.miked.common.wire.DecodeException}s naming the field. Test vectors: captured from iproute2
 * ({@code xfrm-iproute2.json}) and laid out by hand ({@code xfrm-hand.json}).
 *
 * <p>One request as the sink sends it, NEWSA for {@code cbc(aes)} (128-bit key) with
 * {@code hmac(sha256)} truncated to 128 bits, 436 bytes; the kernel answers NLMSG_ERROR (errno 0 = ACK):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    nlmsg_len = 436                            |   0  nlmsghdr (16)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   nlmsg_type = 0x10 NEWSA     | flags REQUEST|ACK|CREATE|EXCL |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  nlmsg_seq (answer carries it)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  nlmsg_pid = 0                                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  xfrm_usersa_info (224): selector sender -> group, id (group, |  16
 * |  SPI, ESP), saddr, lifetimes, reqid 0x4dxxxxxx, family,       |
 * |  mode transport, replay window            (layout: Xfrm)      ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       nla_len = 88            |   nla_type = 2 ALG_CRYPT      | 240  xfrm_algo
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  alg_name[64] "cbc(aes)", NUL-padded                          ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  alg_key_len = 128 (bits)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  alg_key (16 bytes)                                           ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       nla_len = 108           | nla_type = 20 ALG_AUTH_TRUNC  | 328  xfrm_algo_auth
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  alg_name[64] "hmac(sha256)", NUL-padded                      ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  alg_key_len = 256 (bits)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  alg_trunc_len = 128 (bits, RFC 4868)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  alg_key (32 bytes)                                           ~  ends at 436
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * An AEAD instead travels as one {@code XFRMA_ALG_AEAD} (18) attribute, {@code xfrm_algo_aead}: name,
 * key bits, ICV bits, key. The header and attribute diagrams of every message are in
 * {@link org.miked.sink.xfrm.wire.XfrmCodec}, the structures' offsets in {@link org.miked.sink.xfrm.wire.Xfrm}.
 */
package org.miked.sink.xfrm.wire;
