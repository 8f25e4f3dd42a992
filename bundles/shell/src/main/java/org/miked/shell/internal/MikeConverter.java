package org.miked.shell.internal;

import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Component;

/** Formats the {@link Table}s that {@code mike:} commands return. */
@Component(service = Converter.class)
public class MikeConverter implements Converter {
    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (target instanceof Table t) {
            return level == INSPECT || level == LINE ? t.format() : t.title();
        }
        return null;
    }
}
