/**
 * The few text styles the terminal report uses. Renderers take a Style instead of importing chalk,
 * so they stay pure and testable; the CLI passes chalk (which honours NO_COLOR), tests pass `plain`.
 */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const same = (s: string): string => s;
export const plain: Style = { bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };
