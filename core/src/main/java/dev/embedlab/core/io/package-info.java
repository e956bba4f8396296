/** Small file-format helpers shared by modules that persist binary data (checksummed framing). */
package dev.embedlab.core.io;
