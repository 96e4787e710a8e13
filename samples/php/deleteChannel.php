<?php
// 删除渠道: DELETE /channels/{id}
// PHP 7.4+ with the curl extension: php deleteChannel.php
// Settings come from the environment; the defaults are the sandbox's demo app.
// PAYCONTRACT_PARAM_ID names the data to act on; unset, the sample first creates it with
// 添加渠道 (POST /channels).

$baseUrl = getenv('PAYCONTRACT_BASE_URL') ?: 'http://127.0.0.1:8000/v1';
$appId = getenv('PAYCONTRACT_APP_ID') ?: '10001';
$appSecret = getenv('PAYCONTRACT_APP_SECRET') ?: 'demo-secret-10001';

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
$token = json_decode(send('POST', $baseUrl . '/token', [], $tokenForm), true)['data']['access_token'];

$id = getenv('PAYCONTRACT_PARAM_ID');
if ((string) $id === '') { // none given: 添加渠道 creates one
    $setup = ['app_id' => $appId, 'name' => 'alipay-backup', 'pay_type' => '1', 'platform' => '1', 'sign_type' => '2'];
    $setup['sign'] = sign($setup, $appSecret, $setup['sign_type'] ?? null);
    $answer = send('POST', $baseUrl . '/channels', ['access_token: ' . $token], $setup);
    $id = json_decode($answer, true)['data']['id'];
}

$path = [
    'id' => $id,
];
$query = [
    'app_id' => $appId,
    'sign_type' => '2',
];
$query['sign'] = sign(array_merge($path, $query), $appSecret, $query['sign_type'] ?? null);
$url = $baseUrl . '/channels/' . rawurlencode($path['id']) . '?' . http_build_query($query);
$headers = ['access_token: ' . $token];
echo send('DELETE', $url, $headers, null), "\n";
