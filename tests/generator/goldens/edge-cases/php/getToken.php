<?php
// token: POST /auth
// PHP 7.4+ with the curl extension: php getToken.php
// Settings come from the environment; the defaults are the sandbox's demo app.

$baseUrl = getenv('PAYCONTRACT_BASE_URL') ?: 'http://127.0.0.1:9000/api';
$appId = getenv('PAYCONTRACT_APP_ID') ?: '7';
$appSecret = getenv('PAYCONTRACT_APP_SECRET') ?: 's3cr\'et $x';

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
    'app_id' => $appId,
    'app_secret' => $appSecret,
];
$url = $baseUrl . '/auth';
$headers = [];
echo send('POST', $url, $headers, $form), "\n";
