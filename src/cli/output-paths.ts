import { basename, extname, join } from 'node:path';

/** Default output when --output is left out: CONTENT-stylized.png in the current directory. */
export function defaultOutputPath(contentPath: string): string {
  return join(process.cwd(), `${basename(contentPath, extname(contentPath))}-stylized.png`);
}

/** Intermediate image path: out.png, iteration 100 → out_100.png. */
export function snapshotPath(outputPath: string, iteration: number): string {
  const extension = extname(outputPath);
  return `${outputPath.slice(0, outputPath.length - extension.length)}_${iteration}${extension}`;
}
