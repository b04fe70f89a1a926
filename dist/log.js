const stderrLogger = (verbose = false) => ({
    info: message => process.stderr.write(`${message}\n`),
    warning: message => process.stderr.write(`warning: ${message}\n`),
    debug: message => {
        if (verbose)
            process.stderr.write(`${message}\n`);
    },
    group: async (title, work) => {
        if (verbose)
            process.stderr.write(`── ${title}\n`);
        return work();
    }
});
/** The library's default: only warnings, so a build script's own output stays clean. */
const quietLogger = { ...stderrLogger(false), info: () => { } };

export { quietLogger as q, stderrLogger as s };
