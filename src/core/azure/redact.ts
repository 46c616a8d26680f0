const REDACTED = 'REDACTED';

/** Query parameters whose values are secrets: SAS signatures, function keys, OAuth tokens. */
const SECRET_QUERY = /([?&](?:sig|signature|code|key|token|access_token|refresh_token|client_secret|password)=)[^&#\s"'<>]+/gi;
/** Connection-string secrets, e.g. `AccountKey=…;` or `SharedAccessSignature=…`. */
const CONNECTION_SECRET = /((?:AccountKey|SharedAccessKey|SharedAccessSignature|ClientSecret|Password)=)[^;\s"']+/gi;
/** JSON fields the Azure ML service returns secrets in (listKeys, listSecrets, getToken, startPendingUpload). */
const JSON_SECRET =
	/("(?:key|primaryKey|secondaryKey|accessToken|access_token|refresh_token|sasToken|sasUri|clientSecret|client_secret|password|token)"\s*:\s*")(?:[^"\\]|\\.)*(")/gi;
const BEARER = /(\b(?:Bearer|Basic|SharedKey)\s+)[A-Za-z0-9\-._~+/:]+=*/g;
/** A JWT anywhere (three base64url parts, the first two starting with `{"`). */
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
/** A bare storage account key: 64 bytes in base64. */
const ACCOUNT_KEY = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g;

/**
 * Strips SAS signatures, keys and tokens from any text before it is logged or shown, keeping the
 * rest (host, path, parameter names) so the message stays useful.
 */
export function redact(text: string): string {
	return text
		.replace(SECRET_QUERY, `$1${REDACTED}`)
		.replace(CONNECTION_SECRET, `$1${REDACTED}`)
		.replace(JSON_SECRET, `$1${REDACTED}$2`)
		.replace(BEARER, `$1${REDACTED}`)
		.replace(JWT, REDACTED)
		.replace(ACCOUNT_KEY, REDACTED);
}
