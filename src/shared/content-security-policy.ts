/**
 * The app's Content Security Policy: its own scripts, styles and fonts only, no remote content,
 * no frames, no forms. The Electron shell and the web bridge both send it as a header; the
 * renderer's index.html repeats it in a meta tag (HTML cannot import it), less frame-ancestors,
 * which a meta tag cannot set.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
