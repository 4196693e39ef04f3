/**
 * Azure tags follow the same rules as AWS's (shared → caller's → enforced keys, which always win):
 * the functions are cloud-neutral, so both clouds use one implementation.
 */
export { enforcedTags, mergeTags, Tags } from "../aws/tags";
