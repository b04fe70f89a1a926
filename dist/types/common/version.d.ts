/** spindrift's own version, from the package.json beside dist/ (bundles) or src/ (tests, scripts). */
export declare function spindriftVersion(): string;
