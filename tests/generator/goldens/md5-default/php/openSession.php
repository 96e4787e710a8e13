<?php
// 会话: POST /session
// PHP 7.4+ with the curl extension: php openSession.php
// Settings come from the environment; the defaults are the sandbox's demo app.

$baseUrl = getenv('PAYCONTRACT_BASE_URL') ?: 'http://localhost:7000';
$merchant = getenv('PAYCONTRACT_MERCHANT') ?: 'm-1';
$apiKey = getenv('PAYCONTRACT_API_KEY') ?: 'k-1';

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

$form = [
    'merchant' => $merchant,
    'api_key' => $apiKey,
];
$url = $baseUrl . '/session';
$headers = [];
echo send('POST', $url, $headers, $form), "\n";
