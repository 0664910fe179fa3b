-- Where each version publishes, and each destination's own publish: JSON of
-- [core::VersionDestination] ({to, shareId, published}); [] is "not chosen
-- yet". The share kept before there were destinations was the store's.
ALTER TABLE versions ADD COLUMN destinations TEXT NOT NULL DEFAULT '[]';
UPDATE versions
   SET destinations = json_array(json_object('to', json_object('kind', 'store', 'name', ''),
                                             'shareId', share_id, 'published', json('false')))
 WHERE share_id IS NOT NULL;
