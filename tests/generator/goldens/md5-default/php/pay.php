<?php
// 支付: POST /payments
// PHP 7.4+ with the curl extension: php pay.php
// Settings come from the environment; the defaults are the sandbox's demo app.

$baseUrl = getenv('PAYCONTRACT_BASE_URL') ?: 'http://localhost:7000';
$merchant = getenv('PAYCONTRACT_MERCHANT') ?: 'm-1';
$apiKey = getenv('PAYCONTRACT_API_KEY') ?: 'k-1';

// ---- BEGIN SIGNING ----
/** All parameters but signature and the empty ones, sorted by name, joined; then the key. */
function stringToSign(array $params, string $secret): string
{
    $pairs = [];
    foreach ($params as $name => $value) {
        if ((string) $name !== 'signature' && (string) $value !== '') {
            $pairs[$name] = $name . '=' . $value;
        }
    }
    ksort($pairs, SORT_STRING);
    return implode('&', $pairs) . '&secret=' . $secret;
}

/** The signature parameter in uppercase hex; signature_method 1: MD5, 2: HMAC-SHA256 (default 1). */
function sign(array $params, string $secret, ?string $signType): string
{
    $message = stringToSign($params, $secret);
    switch ((string) $signType === '' ? '1' : $signType) {
        case '1':
            return strtoupper(hash('md5', $message));
        case '2':
            return strtoupper(hash_hmac('sha256', $message, $secret));
    }
    throw new InvalidArgumentException("unknown signature_method $signType");
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

$tokenForm = ['merchant' => $merchant, 'api_key' => $apiKey];
$token = json_decode(send('POST', $baseUrl . '/session', [], $tokenForm), true)['session']['access_token'];

$form = [
    'merchant' => $merchant,
    'amount' => '5',
];
$form['signature'] = sign($form, $apiKey, $form['signature_method'] ?? null);
$url = $baseUrl . '/payments';
$headers = ['access_token: ' . $token];
echo send('POST', $url, $headers, $form), "\n";
