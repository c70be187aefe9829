import { quote } from "shell-quote";

/** Quotes one value for bash. Every value a script or command line interpolates goes through this. */
export const sh = (value: string | number): string => quote([String(value)]);
