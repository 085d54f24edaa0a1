// Sizes and SHA-256 of ml5js/ml5-data-and-models `models/darknetclassifier/darknettiny/` at commit
// 0612a3e7c51cbffdc5db701dff49d16d1ac26fa8, computed (`sha256sum`, `stat -c %s`) from the copy in
// ../shared/models/darknet/tiny (see its README.md for provenance). Do not edit by hand.

/**
 * Every file of the Tiny Darknet classifier in TF.js layers format: `model.json` (topology and
 * weights manifest) first, then its 31 weight shards in group order.
 *
 * @example
 * DARKNET_TINY_FILES.length // → 32
 */
export const DARKNET_TINY_FILES: ReadonlyArray<{ readonly name: string; readonly bytes: number; readonly sha256: string }> = [
  { name: 'model.json', bytes: 33236, sha256: '5a5ee1ddb33ac7948b303197f4c63f72a80fc00a7d2870d30843004ddd5b4b51' },
  { name: 'group1-shard1of1', bytes: 256, sha256: '1a95595a3f6c497f27747d40276649a10988d0808a121ddfb3f6b368133f44c5' },
  { name: 'group2-shard1of1', bytes: 4096, sha256: '8226135041fbafc7c3a838d0673badb8d3e4211a4d550781951d15a09445ea47' },
  { name: 'group3-shard1of1', bytes: 1024, sha256: '3a465f4bbcbcd7721caa77b704829cfe20eadab670a8d91a352e76e4cfca1a02' },
  { name: 'group4-shard1of1', bytes: 8192, sha256: '3e661974c4740795f3ca9b882ae80dc3521951dac2b262ac054329f17aaefb10' },
  { name: 'group5-shard1of1', bytes: 1024, sha256: '5f1fa7779fe01d2b06ea3804f84e5cf6a25688dc458617a9f35a1018356abcbf' },
  { name: 'group6-shard1of1', bytes: 8192, sha256: 'e054b14e9e866da448ab351f04d3920ae216032b3df680396163a77b8925a009' },
  { name: 'group7-shard1of1', bytes: 2048, sha256: '2aed907302664d64b85669a293c8f5a492521b4d025b9b3a19943f951a7e32df' },
  { name: 'group8-shard1of1', bytes: 512, sha256: '99e0418ac61cd6093df0bb4a5a67750ec0b0fbb8edb2125c0cfda67e3cb3f1a4' },
  { name: 'group9-shard1of1', bytes: 256, sha256: '4fb47f3aa4f19f7fabd7d4271cf81e8af7735fcfc89bf4b9174f379bb60b129d' },
  { name: 'group10-shard1of1', bytes: 2048, sha256: '2afc82f4d423cb8272e4089b69c5dba2755eea8499935b4f0020e27b5d559557' },
  { name: 'group11-shard1of1', bytes: 256, sha256: '8957dc1caa88193522d8071f6ac3171634818bb50223b1e98ace21f010b414cc' },
  { name: 'group12-shard1of1', bytes: 2048, sha256: 'bced27a16699c0eca4ee4d15c4e5fac46532a6f2850b53445818c0e2e69af7b1' },
  { name: 'group13-shard1of1', bytes: 512, sha256: '5e6172c6d71505fce1a9388e733aaddf21f6ab14f9ccaf10d2986a94b8f19b42' },
  { name: 'group14-shard1of1', bytes: 4096, sha256: 'adfb4ad19dea5c1ba0c9b7e7d90f6265aac136a7d98e0f0eed4362d62e5e51f8' },
  { name: 'group15-shard1of1', bytes: 512, sha256: '79131184270263a2c585240efbfdd3ed13fc005c67b761ced984c70265209511' },
  { name: 'group16-shard1of1', bytes: 1728, sha256: 'd70b0b9f3db3d51bd5613246885f4723998aef2e56845c7dec75743221f1ef5e' },
  { name: 'group17-shard1of1', bytes: 294912, sha256: '3dad37a465ab881c2d2006072cd60d83144d04a5c5448f49e15308472bbb145a' },
  { name: 'group18-shard1of1', bytes: 65536, sha256: 'c7a7f19a7a9e3a780bd1aedfe30a7e594821ea8d57d6e72d148c033b0f24f5fa' },
  { name: 'group19-shard1of1', bytes: 1179648, sha256: '4f16fe423091d9b32d59bff14cd19f1a6a233bc98adade4a1e0ef0d2972752b5' },
  { name: 'group20-shard1of1', bytes: 131072, sha256: '1efd0b489da0d04808a02175c2803528313f7e9abadb18a5dc3ae0b5bd5c0331' },
  { name: 'group21-shard1of1', bytes: 1179648, sha256: '9d024d14a803a3b078df0e9829bcc13a8901c3a6043456632ce5697be5734155' },
  { name: 'group22-shard1of1', bytes: 262144, sha256: '0c18a3238859e649bac990e90dc4738861ffd07e9bee725139bec9ef3b8545ef' },
  { name: 'group23-shard1of1', bytes: 516000, sha256: '2116862cb9cd43b21a3bfa3ea41e43dbe33284a97a8a22c5afe8d768f5a767af' },
  { name: 'group24-shard1of1', bytes: 18432, sha256: '35c4204cee6796300f50addf2a2202a137eaa8a42999a79168f9226f60c8a62b' },
  { name: 'group25-shard1of1', bytes: 2048, sha256: '9a37816bda07b3be24b88103a11dcc5d3eea15749a15594492b03ba3177a6a5e' },
  { name: 'group26-shard1of1', bytes: 73728, sha256: '697677a6c94bd84fb0b558421629b5424101c4ea16601be53096275f43891f6c' },
  { name: 'group27-shard1of1', bytes: 8192, sha256: 'ef48b33bcf06fed0a9cc8b41017bccbf4f32fceeae946c00e0fd130fc467f9e4' },
  { name: 'group28-shard1of1', bytes: 73728, sha256: '2831d9d4368b4cad678f9a3df4c9575bc35e1c2a7ef6ebed887c02c06a4f6dab' },
  { name: 'group29-shard1of1', bytes: 16384, sha256: '720e58d7e54901e8db21d698fc094ffcb65a5991397895fef827ce53094b2a15' },
  { name: 'group30-shard1of1', bytes: 294912, sha256: 'a68c7913477828b28c2fe1924b191139877f7825e5f1a2e1c1b0e0e92accc669' },
  { name: 'group31-shard1of1', bytes: 32768, sha256: '7985bd42bc5c0333e563998ad6d4616b0afaf1765f2b8c4c6df3944cf8f13992' },
];
