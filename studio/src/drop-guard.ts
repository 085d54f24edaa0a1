/**
 * A file dropped beside a drop zone must not make the browser leave the page to show it: the
 * window swallows every drag that no zone took.
 */

/** Installs the guard (once, at start). */
export function guardAgainstStrayDrops(): void {
  for (const type of ['dragover', 'drop'] as const) {
    window.addEventListener(type, (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
  }
}
