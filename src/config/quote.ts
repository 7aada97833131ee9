/**
 * Input echoed in problem messages (a link's value, a bundle's field) is clipped, so a message stays
 * one readable line whatever the input holds (the fuzz suites feed 10 MB strings).
 */

const MAX_QUOTED_CHARS = 60;

/** `text` cut to its first 60 characters (…) when longer. */
export function clip(text: string): string {
  if (text.length <= MAX_QUOTED_CHARS) return text;
  // Whole code points (no half of an emoji); only the head is split, so a huge text costs nothing.
  const chars = [...text.slice(0, 2 * MAX_QUOTED_CHARS)];
  return chars.length <= MAX_QUOTED_CHARS && text.length <= 2 * MAX_QUOTED_CHARS
    ? text
    : `${chars.slice(0, MAX_QUOTED_CHARS - 1).join('')}…`;
}

/** `text` in double quotes for a problem message, clipped. */
export const quote = (text: string): string => `"${clip(text)}"`;
