const HTML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or a quoted attribute value: whatever it holds, it stays text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_SPECIAL[char] ?? char);
}

/**
 * JSON for a `<script type="application/json">` element. `<` is escaped (as `\u003c`, which JSON.parse reads
 * back unchanged) so that no string in the data can close the element or open a comment.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
