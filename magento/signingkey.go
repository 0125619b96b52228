package magento

import "strings"

// signingKeyLen is the length Magento pads the encryption key to before it
// uses it as an HMAC secret.
const signingKeyLen = 2048

// SigningKey derives the HMAC secret that Magento 2.4.4 and later use to sign
// admin and customer JWTs, from the value of crypt/key in app/etc/env.php.
//
// After key rotations that value holds several keys separated by white
// space; Magento signs with the last one. The key is padded with '&' on both
// sides to 2048 bytes, the odd byte going to the right, as PHP's
// str_pad(key, 2048, '&', STR_PAD_BOTH) does. A key already that long is used
// as it is. The key text is used literally: a "base64" prefix is not decoded.
func SigningKey(cryptKey string) []byte {
	keys := strings.Fields(cryptKey)
	if len(keys) == 0 {
		return nil
	}
	key := keys[len(keys)-1]
	if len(key) >= signingKeyLen {
		return []byte(key)
	}
	left := (signingKeyLen - len(key)) / 2
	right := signingKeyLen - len(key) - left
	return []byte(strings.Repeat("&", left) + key + strings.Repeat("&", right))
}
