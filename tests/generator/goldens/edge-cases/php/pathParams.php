<?php
// two path parameters: DELETE /shops/{shop_id}/items/{item-id}
// PHP 7.4+ with the curl extension: php pathParams.php
// Settings come from the environment; the defaults are the sandbox's demo app.
// Set PAYCONTRACT_PARAM_ITEM_ID to the data to act on (default: the spec's example).
// PAYCONTRACT_PARAM_SHOP_ID names the data to act on; unset, the sample first creates it with
// find a shop (GET /shops).

$baseUrl = getenv('PAYCONTRACT_BASE_URL') ?: 'http://127.0.0.1:9000/api';
$appId = getenv('PAYCONTRACT_APP_ID') ?: '7';
$appSecret = getenv('PAYCONTRACT_APP_SECRET') ?: 's3cr\'et $x';

// ---- BEGIN SIGNING ----
/** All parameters but sign and the empty ones, sorted by name, joined; then the key. */
function stringToSign(array $params, string $secret): string
{
    $pairs = [];
    foreach ($params as $name => $value) {
        if ((string) $name !== 'sign' && (string) $value !== '') {
            $pairs[$name] = $name . '=' . $value;
        }
    }
    ksort($pairs, SORT_STRING);
    return implode('&', $pairs) . '&key=' . $secret;
}

/** The sign parameter in uppercase hex; sign_type 1: MD5, 2: HMAC-SHA256 (default 2). */
function sign(array $params, string $secret, ?string $signType): string
{
    $message = stringToSign($params, $secret);
    switch ((string) $signType === '' ? '2' : $signType) {
        case '1':
            return strtoupper(hash('md5', $message));
        case '2':
            return strtoupper(hash_hmac('sha256', $message, $secret));
    }
    throw new InvalidArgumentException("unknown sign_type $signType");
}
// ---- END SIGNING ----

/** Send a request ($form: a form body, or null) and return the response body. */
function send(string $method, string $url, array $headers, ?array $form): string
{
    $curl = curl_init($url);
    curl_setopt($curl, CURLOPT_CUSTOMREQUEST, $method);
    curl_setopt($curl, CURLOPT_RETURNTRANSFER, true);
    curl_setopt($curl, CURLOPT_HTTPHEADER, $headers);
    if ($form !== null) {
        curl_setopt($curl, CURLOPT_POSTFIELDS, http_build_query($form));
    }
    $body = curl_exec($curl);
    if ($body === false) {
        fwrite(STDERR, curl_error($curl) . "\n");
        exit(1);
    }
    curl_close($curl);
    return $body;
}

$tokenForm = ['app_id' => $appId, 'app_secret' => $appSecret];
$token = json_decode(send('POST', $baseUrl . '/auth', [], $tokenForm), true)['data']['token'];

$shopId = getenv('PAYCONTRACT_PARAM_SHOP_ID');
if ((string) $shopId === '') { // none given: find a shop creates one
    $setup = ['app_id' => $appId, 'city' => '上海 & co', 'sign_type' => '1'];
    $setup['sign'] = sign($setup, $appSecret, $setup['sign_type'] ?? null);
    $answer = send('GET', $baseUrl . '/shops' . '?' . http_build_query($setup), ['token: ' . $token], null);
    $shopId = json_decode($answer, true)['data']['shop']['id'];
}

$path = [
    'shop_id' => $shopId,
    'item-id' => getenv('PAYCONTRACT_PARAM_ITEM_ID') ?: 'it_9',
];
$query = [
    'app_id' => $appId,
    'sign_type' => '2',
];
$query['sign'] = sign(array_merge($path, $query), $appSecret, $query['sign_type'] ?? null);
$url = $baseUrl . '/shops/' . rawurlencode($path['shop_id']) . '/items/' . rawurlencode($path['item-id']) . '?' . http_build_query($query);
$headers = ['token: ' . $token];
echo send('DELETE', $url, $headers, null), "\n";
