/** How the server process is sized (see server-flags.js). */
export declare const heapFlags: readonly string[];
export declare const mallocEnv: Readonly<Record<string, string>>;
export declare function keepMemoryReducerWorking(): void;
