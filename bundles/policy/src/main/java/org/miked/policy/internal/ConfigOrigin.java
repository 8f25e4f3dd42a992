package org.miked.policy.internal;

/**
 * Where a group configuration came from: properties that Config Admin and FileInstall add to every
 * configuration, read as a component property type beside {@link GroupPolicyConfig} (and therefore not
 * part of its Metatype description). No defaults, so that bnd adds no component properties for them.
 */
public @interface ConfigOrigin {
    /** @return {@code service.pid}: the configuration's PID, e.g. {@code org.miked.policy.group~trial} */
    String service_pid();

    /** @return {@code felix.fileinstall.filename}: the file URI when FileInstall made it, else null */
    String felix_fileinstall_filename();
}
