/**
 * Opening the studio's file chooser from the keyboard in Playwright. The chooser is intercepted only
 * once Chromium has been told to (Playwright sends that without waiting when a `filechooser`
 * listener is added), so a key press right after adding the listener can race it and open an
 * unintercepted dialog: seen in full CI runs, never alone. Call `interceptFileChoosers` when the
 * page opens, and `openChooserWithKeyboard` allows a few presses; a page whose Enter never opens the
 * chooser still fails.
 */
import type { FileChooser, Page } from 'playwright-core';

/** Keeps file-chooser interception on for the page's lifetime, ahead of any key press. */
export function interceptFileChoosers(page: Page): void {
  page.on('filechooser', () => undefined);
}

/**
 * Focuses `selector`, presses Enter and resolves with the chooser it opened (up to three presses).
 *
 * @example
 * await (await openChooserWithKeyboard(page, '#photo-drop')).setFiles(photoPath);
 */
export async function openChooserWithKeyboard(page: Page, selector: string): Promise<FileChooser> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.focus(selector);
    const chooser = page.waitForEvent('filechooser', { timeout: 10_000 }).catch(() => undefined);
    await page.keyboard.press('Enter');
    const opened = await chooser;
    if (opened) return opened;
  }
  throw new Error(`Enter on ${selector} never opened the file chooser`);
}
