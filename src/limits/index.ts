export { LimitProfiles } from './limitProfiles.ts';
export { createLimitsFeature, type LimitsFeatureOptions } from './limitsFeature.ts';
export { OperationChecks } from './operationChecks.ts';
export { ManifestError } from './trustedDocuments/persistedQueryManifest.ts';
