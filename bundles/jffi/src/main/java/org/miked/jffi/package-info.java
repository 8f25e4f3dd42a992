/**
 * Nothing of MIKED's own: the bundle carries jffi 1.4.3, its Linux native libraries and the jnr
 * assemblers (see bnd.bnd), so that jnr-ffi resolves inside Felix. The sinks xfrm and pfkey
 * open their kernel sockets through jnr-ffi.
 */
package org.miked.jffi;
