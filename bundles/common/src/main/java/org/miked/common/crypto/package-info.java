/**
 * Crypto building blocks on Bouncy Castle that several bundles share: HKDF-SHA-256
 * ({@link org.miked.common.crypto.Hkdf}), AES key wrap ({@link org.miked.common.crypto.KeyWrap}),
 * Ed25519 ({@link org.miked.common.crypto.Ed25519}), a {@code SecureRandom} view of an injected
 * {@link org.miked.api.runtime.RandomSource} ({@link org.miked.common.crypto.Randoms}) and hex.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.miked.common.crypto;
