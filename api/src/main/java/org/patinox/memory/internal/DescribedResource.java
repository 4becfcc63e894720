package org.patinox.memory.internal;

/**
 * A resource the library registers itself whose class name would not say what it is: its {@link
 * org.patinox.memory.resource.ResourceInfo#type() type} in listings, reports and events is {@link
 * #resourceType()} instead. The text names the kind and which one, and nothing a log must not hold
 * (no path, URL or credential).
 */
public interface DescribedResource {

    /** @return what the resource is, such as {@code org.patinox.memory.mapping.MappedFile[orders]} */
    String resourceType();
}
