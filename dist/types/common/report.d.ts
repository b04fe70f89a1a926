/** An installed distribution and the unzipped size of its files: for size reports and the job summary. */
export interface Distribution {
    name: string;
    version: string;
    size: number;
}
/** The error object Lambda reports for a failed function (awslambdaric's `make_error`). */
export interface FunctionError {
    errorMessage: string;
    errorType: string;
    stackTrace: string[];
    requestId?: string;
}
