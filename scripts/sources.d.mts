// Types of sources.mjs (plain JavaScript: the launcher runs it before any TypeScript loader).
export declare const ROOT: string;
export declare const HASH_FILE: string;
export declare function sourcesHash(root?: string): string;
export declare function isFresh(compiled: string, root?: string, hashFile?: string): boolean;
