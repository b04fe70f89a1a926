import { SpindriftError } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import type { Distribution } from '../common/report.js'

import { UNZIPPED_LIMIT, ZIPPED_LIMIT } from '../common/limits.js'

export { UNZIPPED_LIMIT, ZIPPED_LIMIT }

/** Over the unzipped limit (function and layer together) stops the build; over the direct-upload limit is a warning. Both name the largest parts. */
export function checkSize(runtimeName: string, zipped: number, unzipped: number, parts: Distribution[], logger: Logger): void {
  const largest = () =>
    [...parts]
      .sort((a, b) => b.size - a.size)
      .slice(0, 10)
      .map(p => `${p.name}${p.version ? ' ' + p.version : ''} ${megabytes(p.size)}`)
      .join(', ')
  if (unzipped > UNZIPPED_LIMIT) {
    throw new SpindriftError(`The package unzips to ${megabytes(unzipped)}, over Lambda's limit of 250 MB (${UNZIPPED_LIMIT} bytes), so ${runtimeName} cannot run it; the largest parts are ${largest()}: drop or slim dependencies, or use a container image.`)
  }
  if (zipped > ZIPPED_LIMIT) {
    logger.warning(`The zip is ${megabytes(zipped)}, over the 50 MB limit for direct upload: deploy it through S3. The largest parts are ${largest()}.`)
  }
}

/** A layer zip over 50 MB cannot be uploaded directly either. */
export function checkLayerZipSize(zipped: number, logger: Logger): void {
  if (zipped > ZIPPED_LIMIT) logger.warning(`The layer zip is ${megabytes(zipped)}, over the 50 MB limit for direct upload: publish it through S3.`)
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
