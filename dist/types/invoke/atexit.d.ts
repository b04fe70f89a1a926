export declare function onProcessExit(cleanup: () => void): () => void;
