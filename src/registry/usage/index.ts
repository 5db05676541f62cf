// Usage reporting, what a gateway sends its registry: which schema coordinates each operation used.
export { type UsageReportingOptions, usageReportingFeature, usageReportingFeaturesFor } from './usageReportingFeature.ts';
