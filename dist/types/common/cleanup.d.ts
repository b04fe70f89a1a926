export declare function registerTemp(file: string): void;
export declare function forgetTemp(file: string): void;
export declare function removePendingTemps(): void;
